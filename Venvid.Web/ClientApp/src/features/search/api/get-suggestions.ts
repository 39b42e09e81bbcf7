import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { suggestionListSchema, type SuggestionList } from '@/types/api';

export const MAX_SUGGESTIONS = 10;

export function getSuggestions(q: string, signal?: AbortSignal): Promise<SuggestionList> {
  return api('/api/search/suggestions', suggestionListSchema, { query: { q, limit: MAX_SUGGESTIONS }, signal, auth: false });
}

export const getSuggestionsQueryOptions = (q: string) =>
  queryOptions({
    queryKey: ['search', 'suggestions', q.toLowerCase()] as const,
    queryFn: ({ signal }) => getSuggestions(q, signal),
    staleTime: 30_000,
  });

/** Completions for `q` (already debounced by the caller); the previous list stays while the next one loads. */
export const useSuggestions = (q: string) => useQuery({ ...getSuggestionsQueryOptions(q), enabled: q.length > 0, placeholderData: keepPreviousData });
