export const config = {
  retries: 5,
  timeout: 1000,
};

export function retry() {
  return config.retries;
}
