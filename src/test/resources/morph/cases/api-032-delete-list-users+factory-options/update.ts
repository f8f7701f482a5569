    // ... rest of the code ...
    const response = await this.http.get<User>(`/users/${id}`);
    return response.data;
  }


  async getProject(id: string): Promise<Project> {
    const response = await this.http.get<Project>(`/projects/${id}`);
    // ... rest of the code ...
    await this.http.delete(`/projects/${id}`);
  }
}

export function createClient(options: ClientOptions): ApiClient {
  return new ApiClient(options);
}
