// ... existing code ...
import { User, Project } from './types';

const DEFAULT_TIMEOUT = 30_000;

export interface ClientOptions {
      // ... existing code ...
      headers: options.token ? { Authorization: `Bearer ${options.token}` } : {},
    });
  }

  async fetchUser(id: string): Promise<User> {
    const response = await this.http.get<User>(`/users/${id}`);
    return response.data;
  }


  async getProject(id: string): Promise<Project> {
  // ... existing code ...
