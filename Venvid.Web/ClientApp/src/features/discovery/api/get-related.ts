import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from '@/lib/zod';
import { api } from '@/lib/api-client';
import { videoSchema, type Video } from '@/types/api';

const relatedSchema = z.object({ items: z.array(videoSchema) });

export function getRelated(videoId: string, signal?: AbortSignal): Promise<Video[]> {
  return api(`/api/videos/${encodeURIComponent(videoId)}/related`, relatedSchema, { query: { limit: 12 }, signal }).then((r) => r.items);
}

export const relatedQueryKey = (videoId: string) => ['videos', 'related', videoId] as const;

export const useRelated = (videoId: string) =>
  useQuery({ ...queryOptions({ queryKey: relatedQueryKey(videoId), queryFn: ({ signal }) => getRelated(videoId, signal) }), staleTime: 60_000 });
