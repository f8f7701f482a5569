      // ... Existing Code ...
      headers: options.token ? { Authorization: `Bearer ${options.token}` } : {},
    });
  }

  async fetchUser(id: string): Promise<User> {
    const response = await this.http.get<User>(`/users/${id}`);
    return response.data;
  }


  async getProject(id: string): Promise<Project> {
    const response = await this.http.get<Project>(`/projects/${id}`);
    // ... Existing Code ...
