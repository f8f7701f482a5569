export const config = {
  retries: 3,
  timeout: 1000,
};

export function retry() {
  return config.retries;
}
