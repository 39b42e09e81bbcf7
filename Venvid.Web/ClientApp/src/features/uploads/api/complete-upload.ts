import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { videoSchema, type Video } from '@/types/api';

export type CompletedPart = { partNumber: number; etag: string };
export type CompleteUploadInput = { uploadId: string; parts: CompletedPart[] };

export function completeUpload({ uploadId, parts }: CompleteUploadInput): Promise<Video> {
  const sorted = [...parts].sort((a, b) => a.partNumber - b.partNumber);
  return api(`/api/uploads/${encodeURIComponent(uploadId)}/complete`, videoSchema, {
    method: 'POST',
    body: { parts: sorted },
  });
}

export const completeUploadMutationOptions = () => ({ mutationFn: completeUpload });

export const useCompleteUpload = () => useMutation(completeUploadMutationOptions());
