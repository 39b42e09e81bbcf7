import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { playlistSchema, type Playlist } from '@/types/api';

export function getWatchLater(signal?: AbortSignal): Promise<Playlist> {
  return api('/api/users/me/watch-later', playlistSchema, { signal });
}

export const watchLaterQueryKey = ['me', 'watch-later'] as const;

export const useWatchLater = () => useQuery(queryOptions({ queryKey: watchLaterQueryKey, queryFn: ({ signal }) => getWatchLater(signal) }));
