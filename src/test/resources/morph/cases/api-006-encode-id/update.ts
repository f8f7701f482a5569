  // ... existing code ...
  async getProject(id: string): Promise<Project> {
    const response = await this.http.get<Project>(`/projects/${encodeURIComponent(id)}`);
    return response.data;
  }

  async listProjects(ownerId: string): Promise<Project[]> {
  // ... existing code ...
