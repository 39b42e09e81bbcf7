import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { videoSchema, type Video, type Visibility } from '@/types/api';
import { myVideosQueryKey } from './get-my-videos';
import { videoQueryKey } from './get-video';

export type VideoChanges = { title?: string; description?: string; visibility?: Visibility };

export function updateVideo(id: string, changes: VideoChanges): Promise<Video> {
  return api(`/api/videos/${encodeURIComponent(id)}`, videoSchema, { method: 'PUT', body: changes });
}

export const useUpdateVideo = (id: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (changes: VideoChanges) => updateVideo(id, changes),
    onSuccess: (video) => {
      queryClient.setQueryData(videoQueryKey(id), video);
      void queryClient.invalidateQueries({ queryKey: myVideosQueryKey });
      void queryClient.invalidateQueries({ queryKey: ['videos', 'list'] });
    },
  });
};
