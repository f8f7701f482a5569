import axios, { AxiosInstance } from 'axios';
import { User, Project, Team } from './types';

const DEFAULT_TIMEOUT = 10_000;

export interface ClientOptions {
      // ... rest of the code ...
      headers: options.token ? { Authorization: `Bearer ${options.token}` } : {},
    });
  }

  async fetchUser(id: string): Promise<User> {
    const response = await this.http.get<User>(`/users/${id}`);
    return response.data;
  }

  async listUsers(): Promise<User[]> {
  // ... rest of the code ...
