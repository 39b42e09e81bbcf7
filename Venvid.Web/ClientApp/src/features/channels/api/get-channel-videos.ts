import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { videoPageSchema, type VideoPage } from '@/types/api';

export type ChannelSort = 'new' | 'popular';

export function getChannelVideos(username: string, sort: ChannelSort, cursor: string | null, signal?: AbortSignal): Promise<VideoPage> {
  return api(`/api/channels/${encodeURIComponent(username)}/videos`, videoPageSchema, { query: { sort, cursor, limit: 24 }, signal });
}

export const channelVideosQueryKey = (username: string, sort: ChannelSort) => ['channels', 'videos', username.toLowerCase(), sort] as const;

export const getChannelVideosQueryOptions = (username: string, sort: ChannelSort) =>
  infiniteQueryOptions({
    queryKey: channelVideosQueryKey(username, sort),
    queryFn: ({ pageParam, signal }) => getChannelVideos(username, sort, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? null,
  });

export const useChannelVideos = (username: string, sort: ChannelSort) => useInfiniteQuery(getChannelVideosQueryOptions(username, sort));
