import axios, { AxiosInstance } from 'axios';
import { User, Project, Team } from './types';

const DEFAULT_TIMEOUT = 30_000;

export interface ClientOptions {
// ... keep existing code ...
