import axios, { AxiosInstance } from 'axios';
import { User, Project } from './types';

const DEFAULT_TIMEOUT = 30_000;

export interface ClientOptions {
  baseUrl: string;
  token?: string;
  timeout?: number;
  retries?: number;
}

export class ApiClient {
// ... Existing Code ...
