      headers: options.token ? { Authorization: `Bearer ${options.token}` } : {},
    });
  }

  async fetchUser(id: string): Promise<User> {
    const response = await this.http.get<User>(`/users/${id}`);
