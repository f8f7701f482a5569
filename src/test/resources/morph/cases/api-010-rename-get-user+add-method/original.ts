import axios, { AxiosInstance } from 'axios';
import { User, Project } from './types';

const DEFAULT_TIMEOUT = 10_000;

export interface ClientOptions {
  baseUrl: string;
  token?: string;
  timeout?: number;
}

export class ApiClient {
  private readonly http: AxiosInstance;

  constructor(options: ClientOptions) {
    this.http = axios.create({
      baseURL: options.baseUrl,
      timeout: options.timeout ?? DEFAULT_TIMEOUT,
      headers: options.token ? { Authorization: `Bearer ${options.token}` } : {},
    });
  }

  async getUser(id: string): Promise<User> {
    const response = await this.http.get<User>(`/users/${id}`);
    return response.data;
  }

  async listUsers(): Promise<User[]> {
    const response = await this.http.get<User[]>('/users');
    return response.data;
  }

  async getProject(id: string): Promise<Project> {
    const response = await this.http.get<Project>(`/projects/${id}`);
    return response.data;
  }

  async listProjects(ownerId: string): Promise<Project[]> {
    const response = await this.http.get<Project[]>('/projects', {
      params: { owner: ownerId },
    });
    return response.data;
  }

  async deleteProject(id: string): Promise<void> {
    await this.http.delete(`/projects/${id}`);
  }
}

export function createClient(baseUrl: string, token?: string): ApiClient {
  return new ApiClient({ baseUrl, token });
}
