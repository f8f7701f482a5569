  // ... existing code ...
  timeout?: number;
  retries?: number;
}

export class ApiClient {
    // ... existing code ...
    const response = await this.http.get<User>(`/users/${id}`);
    return response.data;
  }


  async getProject(id: string): Promise<Project> {
  // ... existing code ...
