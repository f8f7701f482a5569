// ...
import { User, Project } from './types';

const DEFAULT_TIMEOUT = 30_000;

export interface ClientOptions {
    // ...
    const response = await this.http.get<User>(`/users/${id}`);
    return response.data;
  }


  async getProject(id: string): Promise<Project> {
  // ...
