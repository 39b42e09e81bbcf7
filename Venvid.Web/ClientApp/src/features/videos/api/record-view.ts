import { useMutation } from '@tanstack/react-query';
import { apiVoid } from '@/lib/api-client';

/** Anonymous allowed; the server counts at most one view per viewer per video per window. */
export function recordView(id: string): Promise<void> {
  return apiVoid(`/api/videos/${encodeURIComponent(id)}/view`, { method: 'POST' });
}

export const useRecordView = () => useMutation({ mutationFn: recordView });
