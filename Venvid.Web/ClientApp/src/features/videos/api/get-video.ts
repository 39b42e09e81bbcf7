import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { videoSchema, type Video } from '@/types/api';

export function getVideo(id: string, signal?: AbortSignal): Promise<Video> {
  return api(`/api/videos/${encodeURIComponent(id)}`, videoSchema, { signal });
}

export const videoQueryKey = (id: string) => ['videos', 'detail', id] as const;

export const getVideoQueryOptions = (id: string) =>
  queryOptions({
    queryKey: videoQueryKey(id),
    queryFn: ({ signal }) => getVideo(id, signal),
  });

export const useVideo = (id: string) => useQuery(getVideoQueryOptions(id));
