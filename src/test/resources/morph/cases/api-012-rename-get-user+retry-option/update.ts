  // ... existing code ...
  timeout?: number;
  retries?: number;
}

export class ApiClient {
      // ... existing code ...
      headers: options.token ? { Authorization: `Bearer ${options.token}` } : {},
    });
  }

  async fetchUser(id: string): Promise<User> {
    const response = await this.http.get<User>(`/users/${id}`);
    // ... existing code ...
