import { queryOptions, useQuery } from '@tanstack/react-query';
import { parseStoryboardVtt, type StoryboardCue } from '../utils/storyboard';

/** Storyboards are media (same-origin /media/...), not API JSON: fetched as text and parsed as WebVTT. */
export async function getStoryboard(url: string, signal?: AbortSignal): Promise<StoryboardCue[]> {
  const response = await fetch(url, { signal });
  if (!response.ok) throw new Error(`Storyboard unavailable (${response.status}).`);
  return parseStoryboardVtt(await response.text(), url);
}

export const getStoryboardQueryOptions = (url: string) =>
  queryOptions({
    queryKey: ['storyboard', url],
    queryFn: ({ signal }) => getStoryboard(url, signal),
    staleTime: Number.POSITIVE_INFINITY,
    retry: 1,
  });

export const useStoryboard = (url: string | null | undefined) => useQuery({ ...getStoryboardQueryOptions(url ?? ''), enabled: Boolean(url) });
