    // ...
    const response = await this.http.get<User[]>('/users');
    return response.data;
  }

  async getProject(id: string): Promise<Project> {
    const response = await this.http.get<Project>(`/projects/${encodeURIComponent(id)}`);
    return response.data;
  }

  async listProjects(ownerId: string): Promise<Project[]> {
      // ...
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
    // ...
