import { QueryClient } from '@tanstack/react-query';
import { isApiError } from './problem-details';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: (failureCount, error) => {
          // Client errors will not change by asking again; 429/503 and network failures might.
          if (isApiError(error) && error.status < 500 && error.status !== 429 && error.status !== 408) return false;
          return failureCount < 2;
        },
      },
      mutations: { retry: false },
    },
  });
}
