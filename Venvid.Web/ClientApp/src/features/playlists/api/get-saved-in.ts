import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { savedInSchema, type SavedIn } from '@/types/api';

export function getSavedIn(videoId: string, signal?: AbortSignal): Promise<SavedIn> {
  return api(`/api/videos/${encodeURIComponent(videoId)}/saved`, savedInSchema, { signal });
}

export const savedInQueryKey = (videoId: string) => ['videos', 'saved-in', videoId] as const;

/** Which of the caller's playlists hold the video (and as which item): the Save menu's checkboxes. */
export const useSavedIn = (videoId: string) =>
  useQuery(queryOptions({ queryKey: savedInQueryKey(videoId), queryFn: ({ signal }) => getSavedIn(videoId, signal) }));
