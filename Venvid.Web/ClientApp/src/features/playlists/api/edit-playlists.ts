import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, apiVoid } from '@/lib/api-client';
import { playlistItemSchema, playlistSchema, type Playlist, type PlaylistItem, type SavedIn, type Visibility } from '@/types/api';
import { myPlaylistsQueryKey } from './get-my-playlists';
import { playlistQueryKey } from './get-playlist';
import { playlistItemsQueryKey } from './get-playlist-items';
import { savedInQueryKey } from './get-saved-in';
import { watchLaterQueryKey } from './get-watch-later';

export type PlaylistFields = { title?: string; description?: string; visibility?: Visibility };

export function createPlaylist(fields: PlaylistFields): Promise<Playlist> {
  return api('/api/playlists', playlistSchema, { method: 'POST', body: fields });
}

export function updatePlaylist(id: string, fields: PlaylistFields): Promise<Playlist> {
  return api(`/api/playlists/${encodeURIComponent(id)}`, playlistSchema, { method: 'PUT', body: fields });
}

export function deletePlaylist(id: string): Promise<void> {
  return apiVoid(`/api/playlists/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export function addToPlaylist(id: string, videoId: string, position?: number): Promise<PlaylistItem> {
  return api(`/api/playlists/${encodeURIComponent(id)}/items`, playlistItemSchema, { method: 'POST', body: { videoId, position } });
}

export function moveInPlaylist(id: string, itemId: number, position: number): Promise<PlaylistItem> {
  return api(`/api/playlists/${encodeURIComponent(id)}/items/${itemId}`, playlistItemSchema, { method: 'PUT', body: { position } });
}

export function removeFromPlaylist(id: string, itemId: number): Promise<void> {
  return apiVoid(`/api/playlists/${encodeURIComponent(id)}/items/${itemId}`, { method: 'DELETE' });
}

/** After any change: the lists, the playlist, its items and the Save menus show the server's state. */
function useRefresh() {
  const queryClient = useQueryClient();
  return (playlistId?: string, videoId?: string) => {
    void queryClient.invalidateQueries({ queryKey: myPlaylistsQueryKey });
    void queryClient.invalidateQueries({ queryKey: watchLaterQueryKey });
    if (playlistId) {
      void queryClient.invalidateQueries({ queryKey: playlistQueryKey(playlistId) });
      void queryClient.invalidateQueries({ queryKey: playlistItemsQueryKey(playlistId) });
    }
    if (videoId) void queryClient.invalidateQueries({ queryKey: savedInQueryKey(videoId) });
  };
}

export const useCreatePlaylist = () => {
  const refresh = useRefresh();
  return useMutation({ mutationFn: createPlaylist, onSuccess: (playlist) => refresh(playlist.id) });
};

export const useUpdatePlaylist = () => {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, fields }: { id: string; fields: PlaylistFields }) => updatePlaylist(id, fields),
    onSuccess: (playlist) => refresh(playlist.id),
  });
};

export const useDeletePlaylist = () => {
  const refresh = useRefresh();
  return useMutation({ mutationFn: deletePlaylist, onSuccess: () => refresh() });
};

export type SaveInput = { playlistId: string; videoId: string; save: boolean; itemId?: number };

/** Where the video is saved the moment the user clicks, before the server answers (the new item's id comes with the refresh). */
export function applyOptimisticSave(saved: SavedIn, { playlistId, save }: Pick<SaveInput, 'playlistId' | 'save'>): SavedIn {
  const others = saved.items.filter((item) => item.playlistId !== playlistId);
  return { items: save ? [...others, { playlistId, itemId: -1 }] : others };
}

/** Save or unsave one video in one playlist (the Save menu's checkbox), checked at once and put back if refused. */
export const useToggleSaved = () => {
  const queryClient = useQueryClient();
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ playlistId, videoId, save, itemId }: SaveInput) =>
      save ? addToPlaylist(playlistId, videoId).then(() => undefined) : removeFromPlaylist(playlistId, itemId ?? -1),
    onMutate: async (input) => {
      const key = savedInQueryKey(input.videoId);
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<SavedIn>(key);
      if (previous) queryClient.setQueryData<SavedIn>(key, applyOptimisticSave(previous, input));
      return { previous };
    },
    onError: (_error, { videoId }, context) => {
      if (context?.previous) queryClient.setQueryData<SavedIn>(savedInQueryKey(videoId), context.previous);
    },
    onSettled: (_result, _error, { playlistId, videoId }) => refresh(playlistId, videoId),
  });
};

export const useMovePlaylistItem = () => {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ playlistId, itemId, position }: { playlistId: string; itemId: number; position: number }) => moveInPlaylist(playlistId, itemId, position),
    onSettled: (_result, _error, { playlistId }) => refresh(playlistId),
  });
};

export const useRemovePlaylistItem = () => {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ playlistId, itemId }: { playlistId: string; itemId: number }) => removeFromPlaylist(playlistId, itemId),
    onSettled: (_result, _error, { playlistId }) => refresh(playlistId),
  });
};
