import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { partUrlsSchema, type PartUrl } from '@/types/api';

export type RequestPartUrlsInput = { uploadId: string; partNumbers: number[] };

export async function requestPartUrls({ uploadId, partNumbers }: RequestPartUrlsInput): Promise<PartUrl[]> {
  const result = await api(`/api/uploads/${encodeURIComponent(uploadId)}/parts`, partUrlsSchema, {
    method: 'POST',
    body: { partNumbers },
  });
  return result.parts;
}

export const requestPartUrlsMutationOptions = () => ({ mutationFn: requestPartUrls });

export const useRequestPartUrls = () => useMutation(requestPartUrlsMutationOptions());
