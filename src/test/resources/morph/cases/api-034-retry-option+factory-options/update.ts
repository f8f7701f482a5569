  // ...
  token?: string;
  timeout?: number;
  retries?: number;
}

export class ApiClient {
    // ...
    await this.http.delete(`/projects/${id}`);
  }
}

export function createClient(options: ClientOptions): ApiClient {
  return new ApiClient(options);
}
