  // ... keep existing code ...
  timeout?: number;
  retries?: number;
}

export class ApiClient {
      // ... keep existing code ...
      params: { owner: ownerId },
    });
    return response.data;
  }

  async listTeams(): Promise<Team[]> {
    const response = await this.http.get<Team[]>('/teams');
    return response.data;
  }

  async deleteProject(id: string): Promise<void> {
  // ... keep existing code ...
