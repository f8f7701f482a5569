```typescript
// ... existing code ...
export const config = {
  retries: 5,
  timeout: 1000,
};
// ... existing code ...
```
