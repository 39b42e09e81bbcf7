import { MutationObserver, QueryClient, type MutationOptions } from '@tanstack/react-query';
import { isApiError } from './api-error';

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

/** The app's one client. Code outside React (the upload runner) goes through it too. */
export const queryClient = createQueryClient();

/** Runs a mutation outside a component, so it still goes through the mutation cache and its defaults. */
export function executeMutation<TData, TVariables>(options: MutationOptions<TData, Error, TVariables>, variables: TVariables): Promise<TData> {
  return new MutationObserver(queryClient, options).mutate(variables);
}
