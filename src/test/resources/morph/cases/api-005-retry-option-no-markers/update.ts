  baseUrl: string;
  token?: string;
  timeout?: number;
  retries?: number;
}

export class ApiClient {
