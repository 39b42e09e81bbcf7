import { act, renderHook, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeVideo } from '@/testing/data';
import { json, mockFetch, problem } from '@/testing/fetch-mock';
import { createTestQueryClient, createWrapper } from '@/testing/render';
import { useSessionStore } from '@/stores/session-store';
import type { Video } from '@/types/api';
import { videoQueryKey } from './get-video';
import { applyOptimisticLike, useToggleLike } from './toggle-like';

describe('liking a video', () => {
  beforeEach(() => {
    useSessionStore.getState().setTokens({ accessToken: 'a', refreshToken: 'r', expiresIn: 900, tokenType: 'Bearer' });
  });

  it('computes the optimistic state without going below zero or counting twice', () => {
    const video = makeVideo({ likeCount: 0, likedByMe: false });
    expect(applyOptimisticLike(video, true)).toMatchObject({ likedByMe: true, likeCount: 1 });
    expect(applyOptimisticLike(video, false)).toBe(video);
    expect(applyOptimisticLike(makeVideo({ likeCount: 0, likedByMe: true }), false).likeCount).toBe(0);
  });

  it('updates the count instantly and keeps the server answer', async () => {
    let release: () => void = () => undefined;
    const answered = new Promise<void>((resolve) => {
      release = resolve;
    });
    mockFetch({
      'POST /api/videos/v1/like': async () => {
        await answered;
        return json({ likeCount: 3002, likedByMe: true });
      },
      'GET /api/users/me/liked': () => json({ items: [], nextCursor: null }),
    });
    const queryClient = createTestQueryClient();
    queryClient.setQueryData(videoQueryKey('v1'), makeVideo({ likeCount: 3000 }));
    const { result } = renderHook(() => useToggleLike(), { wrapper: createWrapper(queryClient) });

    act(() => result.current.mutate({ id: 'v1', like: true }));
    await waitFor(() => expect(queryClient.getQueryData<Video>(videoQueryKey('v1'))?.likeCount).toBe(3001));
    expect(queryClient.getQueryData<Video>(videoQueryKey('v1'))?.likedByMe).toBe(true);

    release();
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(queryClient.getQueryData<Video>(videoQueryKey('v1'))?.likeCount).toBe(3002);
  });

  it('rolls back when the server refuses', async () => {
    mockFetch({
      'DELETE /api/videos/v1/like': () => problem(503, 'Service Unavailable'),
      'GET /api/users/me/liked': () => json({ items: [], nextCursor: null }),
    });
    const queryClient = createTestQueryClient();
    queryClient.setQueryData(videoQueryKey('v1'), makeVideo({ likeCount: 10, likedByMe: true }));
    const { result } = renderHook(() => useToggleLike(), { wrapper: createWrapper(queryClient) });

    act(() => result.current.mutate({ id: 'v1', like: false }));

    await waitFor(() => expect(result.current.isError).toBe(true));
    expect(queryClient.getQueryData<Video>(videoQueryKey('v1'))).toMatchObject({ likeCount: 10, likedByMe: true });
  });
});
