import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { LikeState, Video } from '@/types/api';
import { likedVideosQueryKey } from './get-liked-videos';
import { videoQueryKey } from './get-video';
import { likeVideo } from './like-video';
import { unlikeVideo } from './unlike-video';

export type ToggleLikeInput = { id: string; like: boolean };

/** The video as it should look the moment the user clicks, before the server answers. */
export function applyOptimisticLike(video: Video, like: boolean): Video {
  if (video.likedByMe === like) return video;
  return { ...video, likedByMe: like, likeCount: Math.max(0, video.likeCount + (like ? 1 : -1)) };
}

export function toggleLike({ id, like }: ToggleLikeInput): Promise<LikeState> {
  return like ? likeVideo(id) : unlikeVideo(id);
}

/** Like/unlike with the count updated instantly and put back if the server refuses. */
export const useToggleLike = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: toggleLike,
    onMutate: async ({ id, like }) => {
      const key = videoQueryKey(id);
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<Video>(key);
      if (previous) queryClient.setQueryData<Video>(key, applyOptimisticLike(previous, like));
      return { previous };
    },
    onError: (_error, { id }, context) => {
      if (context?.previous) queryClient.setQueryData<Video>(videoQueryKey(id), context.previous);
    },
    onSuccess: (state, { id }) => {
      queryClient.setQueryData<Video>(videoQueryKey(id), (video) => (video ? { ...video, ...state } : video));
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: likedVideosQueryKey });
    },
  });
};
