import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { playlistPageSchema, type PlaylistPage } from '@/types/api';

export function getMyPlaylists(cursor: string | null, signal?: AbortSignal): Promise<PlaylistPage> {
  return api('/api/users/me/playlists', playlistPageSchema, { query: { cursor, limit: 50 }, signal });
}

export const myPlaylistsQueryKey = ['me', 'playlists'] as const;

export const getMyPlaylistsQueryOptions = () =>
  infiniteQueryOptions({
    queryKey: myPlaylistsQueryKey,
    queryFn: ({ pageParam, signal }) => getMyPlaylists(pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? null,
  });

/** Watch later first, then the others most recently updated. */
export const useMyPlaylists = () => useInfiniteQuery(getMyPlaylistsQueryOptions());
