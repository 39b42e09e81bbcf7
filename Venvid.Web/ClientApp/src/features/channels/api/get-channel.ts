import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { channelSchema, type Channel } from '@/types/api';

export function getChannel(username: string, signal?: AbortSignal): Promise<Channel> {
  return api(`/api/channels/${encodeURIComponent(username)}`, channelSchema, { signal });
}

export const channelQueryKey = (username: string) => ['channels', 'detail', username.toLowerCase()] as const;

export const getChannelQueryOptions = (username: string) =>
  queryOptions({
    queryKey: channelQueryKey(username),
    queryFn: ({ signal }) => getChannel(username, signal),
  });

export const useChannel = (username: string) => useQuery(getChannelQueryOptions(username));
