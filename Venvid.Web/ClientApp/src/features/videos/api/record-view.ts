import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiVoid } from '@/lib/api-client';
import { videoQueryKey } from './get-video';

/** Anonymous allowed; the server counts at most one view per viewer per video per window. */
export function recordView(id: string): Promise<void> {
  return apiVoid(`/api/videos/${encodeURIComponent(id)}/view`, { method: 'POST' });
}

/** Refreshes the video afterwards, so the watch page doesn't keep showing the count from before this view. */
export const useRecordView = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: recordView,
    onSuccess: (_result, id) => void queryClient.invalidateQueries({ queryKey: videoQueryKey(id), exact: true }),
  });
};
