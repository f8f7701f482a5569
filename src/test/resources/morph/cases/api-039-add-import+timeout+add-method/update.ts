import axios, { AxiosInstance } from 'axios';
import { User, Project, Team } from './types';

const DEFAULT_TIMEOUT = 30_000;

export interface ClientOptions {
      // ... keep existing code ...
      params: { owner: ownerId },
    });
    return response.data;
  }

  async listTeams(): Promise<Team[]> {
    const response = await this.http.get<Team[]>('/teams');
    return response.data;
  }

  async deleteProject(id: string): Promise<void> {
  // ... keep existing code ...
