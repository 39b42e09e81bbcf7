import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiVoid } from '@/lib/api-client';
import { myVideosQueryKey } from './get-my-videos';
import { videoQueryKey } from './get-video';

export function deleteVideo(id: string): Promise<void> {
  return apiVoid(`/api/videos/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export const useDeleteVideo = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteVideo,
    onSuccess: (_, id) => {
      queryClient.removeQueries({ queryKey: videoQueryKey(id) });
      void queryClient.invalidateQueries({ queryKey: myVideosQueryKey });
      void queryClient.invalidateQueries({ queryKey: ['videos', 'list'] });
    },
  });
};
