import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, apiVoid } from '@/lib/api-client';
import { commentSchema, type Comment } from '@/types/api';
import { commentsQueryKey } from './get-comments';
import { repliesQueryKey } from './get-replies';

export function postComment(videoId: string, text: string, parentId?: string): Promise<Comment> {
  return api(`/api/videos/${encodeURIComponent(videoId)}/comments`, commentSchema, { method: 'POST', body: { text, parentId } });
}

export function editComment(id: string, text: string): Promise<Comment> {
  return api(`/api/comments/${encodeURIComponent(id)}`, commentSchema, { method: 'PUT', body: { text } });
}

export function deleteComment(id: string): Promise<void> {
  return apiVoid(`/api/comments/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

/** After any change the threads and the thread's replies come from the server again. */
function useRefresh() {
  const queryClient = useQueryClient();
  return (videoId: string, threadId?: string | null) => {
    void queryClient.invalidateQueries({ queryKey: commentsQueryKey(videoId) });
    if (threadId) void queryClient.invalidateQueries({ queryKey: repliesQueryKey(threadId) });
  };
}

export const usePostComment = (videoId: string) => {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ text, parentId }: { text: string; parentId?: string }) => postComment(videoId, text, parentId),
    onSuccess: (comment) => refresh(videoId, comment.parentId),
  });
};

export const useEditComment = (videoId: string) => {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, text }: { id: string; text: string }) => editComment(id, text),
    onSuccess: (comment) => refresh(videoId, comment.parentId),
  });
};

export const useDeleteComment = (videoId: string) => {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (comment: Comment) => deleteComment(comment.id),
    onSuccess: (_result, comment) => refresh(videoId, comment.parentId),
  });
};
