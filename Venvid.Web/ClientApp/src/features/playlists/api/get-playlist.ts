import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { playlistSchema, type Playlist } from '@/types/api';

export function getPlaylist(id: string, signal?: AbortSignal): Promise<Playlist> {
  return api(`/api/playlists/${encodeURIComponent(id)}`, playlistSchema, { signal });
}

export const playlistQueryKey = (id: string) => ['playlists', 'detail', id] as const;

export const getPlaylistQueryOptions = (id: string) => queryOptions({ queryKey: playlistQueryKey(id), queryFn: ({ signal }) => getPlaylist(id, signal) });

export const usePlaylist = (id: string) => useQuery(getPlaylistQueryOptions(id));
