import axios, { AxiosInstance } from 'axios';
import { User, Project, Team } from './types';

const DEFAULT_TIMEOUT = 10_000;

export interface ClientOptions {
    // ... Existing Code ...
    const response = await this.http.get<User>(`/users/${id}`);
    return response.data;
  }


  async getProject(id: string): Promise<Project> {
    const response = await this.http.get<Project>(`/projects/${id}`);
    // ... Existing Code ...
