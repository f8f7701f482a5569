  // ... Existing Code ...
  baseUrl: string;
  token?: string;
  timeout?: number;
  retries?: number;
}

export class ApiClient {
// ... Existing Code ...
