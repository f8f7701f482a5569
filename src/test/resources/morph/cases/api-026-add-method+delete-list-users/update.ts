    // ... rest of the code ...
    const response = await this.http.get<User>(`/users/${id}`);
    return response.data;
  }


  async getProject(id: string): Promise<Project> {
    const response = await this.http.get<Project>(`/projects/${id}`);
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

export function createClient(baseUrl: string, token?: string): ApiClient {
// ... rest of the code ...
