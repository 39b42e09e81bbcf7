import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { uploadStateSchema, type UploadState } from '@/types/api';

export function getUpload(uploadId: string, signal?: AbortSignal): Promise<UploadState> {
  return api(`/api/uploads/${encodeURIComponent(uploadId)}`, uploadStateSchema, { signal });
}

export const uploadQueryKey = (uploadId: string) => ['uploads', uploadId] as const;

/** Always fresh: the answer says which parts storage already holds. */
export const getUploadQueryOptions = (uploadId: string) =>
  queryOptions({
    queryKey: uploadQueryKey(uploadId),
    queryFn: ({ signal }) => getUpload(uploadId, signal),
    staleTime: 0,
    gcTime: 0,
  });

export const useUpload = (uploadId: string) => useQuery(getUploadQueryOptions(uploadId));
