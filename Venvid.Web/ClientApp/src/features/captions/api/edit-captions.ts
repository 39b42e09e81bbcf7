import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, apiVoid } from '@/lib/api-client';
import { videoQueryKey } from '@/features/videos/api/get-video';
import { captionSchema, type Caption } from '@/types/api';

export const MAX_CAPTION_BYTES = 1024 * 1024;

export type PutCaption = { videoId: string; language: string; label?: string; file: File };

/** SRT by its extension or type; everything else is sent as WebVTT (the API checks either). */
export function captionMediaType(file: File): string {
  return /\.srt$/i.test(file.name) || file.type === 'application/x-subrip' ? 'application/x-subrip' : 'text/vtt';
}

export function putCaption({ videoId, language, label, file }: PutCaption): Promise<Caption> {
  return api(`/api/videos/${encodeURIComponent(videoId)}/captions/${encodeURIComponent(language)}`, captionSchema, {
    method: 'PUT',
    query: { label },
    raw: { content: file, type: captionMediaType(file) },
  });
}

export function deleteCaption(videoId: string, language: string): Promise<void> {
  return apiVoid(`/api/videos/${encodeURIComponent(videoId)}/captions/${encodeURIComponent(language)}`, { method: 'DELETE' });
}

export const usePutCaption = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: putCaption,
    onSuccess: (_, { videoId }) => void queryClient.invalidateQueries({ queryKey: videoQueryKey(videoId) }),
  });
};

export const useDeleteCaption = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ videoId, language }: { videoId: string; language: string }) => deleteCaption(videoId, language),
    onSuccess: (_, { videoId }) => void queryClient.invalidateQueries({ queryKey: videoQueryKey(videoId) }),
  });
};
