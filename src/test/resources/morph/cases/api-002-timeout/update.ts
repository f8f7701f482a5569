import axios, { AxiosInstance } from 'axios';
import { User, Project } from './types';

const DEFAULT_TIMEOUT = 30_000;

export interface ClientOptions {
  baseUrl: string;
  // ... rest of the code ...
