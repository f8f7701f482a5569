    // ... Existing Code ...
    const response = await this.http.get<User[]>('/users');
    return response.data;
  }

  async getProject(id: string): Promise<Project> {
    const response = await this.http.get<Project>(`/projects/${encodeURIComponent(id)}`);
    return response.data;
  }

  async listProjects(ownerId: string): Promise<Project[]> {
    // ... Existing Code ...
    await this.http.delete(`/projects/${id}`);
  }
}

export function createClient(options: ClientOptions): ApiClient {
  return new ApiClient(options);
}
