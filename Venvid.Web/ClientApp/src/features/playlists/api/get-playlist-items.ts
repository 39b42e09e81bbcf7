import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { playlistItemPageSchema, type PlaylistItemPage } from '@/types/api';

export function getPlaylistItems(id: string, cursor: string | null, signal?: AbortSignal): Promise<PlaylistItemPage> {
  return api(`/api/playlists/${encodeURIComponent(id)}/items`, playlistItemPageSchema, { query: { cursor, limit: 100 }, signal });
}

export const playlistItemsQueryKey = (id: string) => ['playlists', 'items', id] as const;

export const getPlaylistItemsQueryOptions = (id: string) =>
  infiniteQueryOptions({
    queryKey: playlistItemsQueryKey(id),
    queryFn: ({ pageParam, signal }) => getPlaylistItems(id, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? null,
  });

export const usePlaylistItems = (id: string | null) => useInfiniteQuery({ ...getPlaylistItemsQueryOptions(id ?? ''), enabled: id !== null });
