import { useMutation } from '@tanstack/react-query';
import { apiVoid } from '@/lib/api-client';

export function abortUpload(uploadId: string): Promise<void> {
  return apiVoid(`/api/uploads/${encodeURIComponent(uploadId)}`, { method: 'DELETE' });
}

export const abortUploadMutationOptions = () => ({ mutationFn: abortUpload });

export const useAbortUpload = () => useMutation(abortUploadMutationOptions());
