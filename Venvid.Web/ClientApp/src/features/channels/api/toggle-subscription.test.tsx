import { act, renderHook, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { json, mockFetch, problem } from '@/testing/fetch-mock';
import { createTestQueryClient, createWrapper } from '@/testing/render';
import { useSessionStore } from '@/stores/session-store';
import type { Channel } from '@/types/api';
import { channelQueryKey } from './get-channel';
import { applyOptimisticSubscription, useToggleSubscription } from './toggle-subscription';

const channel = (overrides: Partial<Channel> = {}): Channel => ({
  id: 'c1',
  username: 'Maker',
  displayName: 'The Maker',
  bio: null,
  avatarUrl: null,
  createdAt: '2026-11-01T00:00:00Z',
  videoCount: 3,
  subscriberCount: 41,
  subscribedByMe: false,
  ...overrides,
});

describe('subscribing to a channel', () => {
  beforeEach(() => {
    useSessionStore.getState().setTokens({ accessToken: 'a', refreshToken: 'r', expiresIn: 900, tokenType: 'Bearer' });
  });

  it('computes the optimistic state without going below zero or counting twice', () => {
    const unsubscribed = channel();
    expect(applyOptimisticSubscription(unsubscribed, true)).toMatchObject({ subscribedByMe: true, subscriberCount: 42 });
    expect(applyOptimisticSubscription(unsubscribed, false)).toBe(unsubscribed);
    expect(applyOptimisticSubscription(channel({ subscriberCount: 0, subscribedByMe: true }), false).subscriberCount).toBe(0);
  });

  it('updates the count instantly, keeps the server answer, and keys the channel case-insensitively', async () => {
    let release: () => void = () => undefined;
    const answered = new Promise<void>((resolve) => {
      release = resolve;
    });
    mockFetch({
      'POST /api/channels/Maker/subscription': async () => {
        await answered;
        return json({ subscriberCount: 50, subscribedByMe: true });
      },
      'GET /api/users/me/subscriptions': () => json({ items: [], nextCursor: null }),
      'GET /api/feed/subscriptions': () => json({ items: [], nextCursor: null }),
    });
    const queryClient = createTestQueryClient();
    queryClient.setQueryData(channelQueryKey('maker'), channel());
    const { result } = renderHook(() => useToggleSubscription(), { wrapper: createWrapper(queryClient) });

    act(() => result.current.mutate({ username: 'Maker', subscribe: true }));
    await waitFor(() => expect(queryClient.getQueryData<Channel>(channelQueryKey('maker'))?.subscriberCount).toBe(42));

    release();
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(queryClient.getQueryData<Channel>(channelQueryKey('MAKER'))).toMatchObject({ subscriberCount: 50, subscribedByMe: true });
  });

  it('rolls back when the server refuses', async () => {
    mockFetch({
      'DELETE /api/channels/Maker/subscription': () => problem(503, 'Service Unavailable'),
      'GET /api/users/me/subscriptions': () => json({ items: [], nextCursor: null }),
      'GET /api/feed/subscriptions': () => json({ items: [], nextCursor: null }),
    });
    const queryClient = createTestQueryClient();
    queryClient.setQueryData(channelQueryKey('Maker'), channel({ subscribedByMe: true }));
    const { result } = renderHook(() => useToggleSubscription(), { wrapper: createWrapper(queryClient) });

    act(() => result.current.mutate({ username: 'Maker', subscribe: false }));

    await waitFor(() => expect(result.current.isError).toBe(true));
    expect(queryClient.getQueryData<Channel>(channelQueryKey('Maker'))).toMatchObject({ subscriberCount: 41, subscribedByMe: true });
  });
});
