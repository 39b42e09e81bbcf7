import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { videoPageSchema, type VideoPage } from '@/types/api';

export type VideoSort = 'new' | 'popular' | 'trending';
export type VideoDuration = 'short' | 'medium' | 'long';
/** Without `sort`, a search (`q`) comes by relevance and a plain listing newest first. */
export type VideoListParams = {
  sort?: VideoSort;
  q?: string;
  uploader?: string;
  limit?: number;
  /** ISO date: only videos published since. */
  publishedAfter?: string;
  duration?: VideoDuration;
};

export function getVideos(params: VideoListParams, cursor: string | null, signal?: AbortSignal): Promise<VideoPage> {
  return api('/api/videos', videoPageSchema, {
    query: {
      sort: params.sort,
      q: params.q,
      uploader: params.uploader,
      publishedAfter: params.publishedAfter,
      duration: params.duration,
      limit: params.limit ?? 20,
      cursor,
    },
    signal,
  });
}

export const videosQueryKey = (params: VideoListParams) => ['videos', 'list', params] as const;

export const getVideosQueryOptions = (params: VideoListParams) =>
  infiniteQueryOptions({
    queryKey: videosQueryKey(params),
    queryFn: ({ pageParam, signal }) => getVideos(params, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? null,
  });

export const useVideos = (params: VideoListParams) => useInfiniteQuery(getVideosQueryOptions(params));
