// ... existing code ...
import { User, Project } from './types';

const DEFAULT_TIMEOUT = 30_000;

export interface ClientOptions {
    // ... existing code ...
    const response = await this.http.get<User>(`/users/${id}`);
    return response.data;
  }


  async getProject(id: string): Promise<Project> {
    // ... existing code ...
    await this.http.delete(`/projects/${id}`);
  }
}

export function createClient(options: ClientOptions): ApiClient {
  return new ApiClient(options);
}
