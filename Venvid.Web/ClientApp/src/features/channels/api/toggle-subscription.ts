import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { subscriptionStateSchema, type Channel, type SubscriptionState } from '@/types/api';
import { channelQueryKey } from './get-channel';
import { subscriptionFeedQueryKey } from './get-subscription-feed';
import { subscriptionsQueryKey } from './get-subscriptions';

export type ToggleSubscriptionInput = { username: string; subscribe: boolean };

export function toggleSubscription({ username, subscribe }: ToggleSubscriptionInput): Promise<SubscriptionState> {
  return api(`/api/channels/${encodeURIComponent(username)}/subscription`, subscriptionStateSchema, {
    method: subscribe ? 'POST' : 'DELETE',
  });
}

/** The channel as it should look the moment the user clicks, before the server answers. */
export function applyOptimisticSubscription(channel: Channel, subscribe: boolean): Channel {
  if (channel.subscribedByMe === subscribe) return channel;
  return { ...channel, subscribedByMe: subscribe, subscriberCount: Math.max(0, channel.subscriberCount + (subscribe ? 1 : -1)) };
}

/** Subscribe/unsubscribe with the count updated instantly and put back if the server refuses. */
export const useToggleSubscription = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: toggleSubscription,
    onMutate: async ({ username, subscribe }) => {
      const key = channelQueryKey(username);
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<Channel>(key);
      if (previous) queryClient.setQueryData<Channel>(key, applyOptimisticSubscription(previous, subscribe));
      return { previous };
    },
    onError: (_error, { username }, context) => {
      if (context?.previous) queryClient.setQueryData<Channel>(channelQueryKey(username), context.previous);
    },
    onSuccess: (state, { username }) => {
      queryClient.setQueryData<Channel>(channelQueryKey(username), (channel) => (channel ? { ...channel, ...state } : channel));
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: subscriptionsQueryKey });
      void queryClient.invalidateQueries({ queryKey: subscriptionFeedQueryKey });
    },
  });
};
