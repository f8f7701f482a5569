      // ... rest of the code ...
      headers: options.token ? { Authorization: `Bearer ${options.token}` } : {},
    });
  }

  async fetchUser(id: string): Promise<User> {
    const response = await this.http.get<User>(`/users/${id}`);
    return response.data;
  }

  async listUsers(): Promise<User[]> {
      // ... rest of the code ...
      params: { owner: ownerId },
    });
    return response.data;
  }

  async listTeams(): Promise<Team[]> {
    const response = await this.http.get<Team[]>('/teams');
    return response.data;
  }

  async deleteProject(id: string): Promise<void> {
    await this.http.delete(`/projects/${id}`);
  }
}

export function createClient(options: ClientOptions): ApiClient {
  return new ApiClient(options);
}
