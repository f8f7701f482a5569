import axios, { AxiosInstance } from 'axios';
import { User, Project, Team } from './types';

const DEFAULT_TIMEOUT = 10_000;
  // ... existing code ...
  timeout?: number;
  retries?: number;
}

export class ApiClient {
// ... existing code ...
