      // ... Existing Code ...
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
