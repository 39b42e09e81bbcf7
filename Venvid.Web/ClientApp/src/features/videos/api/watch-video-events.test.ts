import { renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeVideo } from '@/testing/data';
import { json, mockFetch } from '@/testing/fetch-mock';
import { createTestQueryClient, createWrapper } from '@/testing/render';
import { videoQueryKey } from './get-video';
import { myVideosQueryKey } from './get-my-videos';
import { isInProgress, parseVideoEvent, useLiveVideo } from './watch-video-events';

describe('video events', () => {
  it('parses a Video snapshot and ignores anything else', () => {
    const snapshot = makeVideo({ status: 'processing', progress: 42, playbackUrl: null });
    expect(parseVideoEvent(JSON.stringify(snapshot))?.progress).toBe(42);
    expect(parseVideoEvent('ping')).toBeNull();
    expect(parseVideoEvent('{"id":1}')).toBeNull();
  });

  it('knows which statuses are still moving', () => {
    expect(isInProgress(makeVideo({ status: 'queued' }))).toBe(true);
    expect(isInProgress(makeVideo({ status: 'processing' }))).toBe(true);
    expect(isInProgress(makeVideo({ status: 'ready' }))).toBe(false);
    expect(isInProgress(makeVideo({ status: 'failed' }))).toBe(false);
    expect(isInProgress(undefined)).toBe(false);
  });

  it('marks cached video lists stale once the video it follows has finished processing', async () => {
    const processing = makeVideo({ id: 'v1', status: 'processing', progress: 40, playbackUrl: null });
    // The next snapshot (here: the refetch on mount) says it is ready.
    mockFetch({ 'GET /api/videos/v1': () => json(makeVideo({ id: 'v1', status: 'ready', progress: 100 })) });
    const queryClient = createTestQueryClient();
    const listKey = ['videos', 'list', { sort: 'new', limit: 20 }];
    queryClient.setQueryData(videoQueryKey('v1'), processing);
    queryClient.setQueryData(listKey, { pages: [{ items: [], nextCursor: null }], pageParams: [null] });
    queryClient.setQueryData(myVideosQueryKey, { pages: [{ items: [], nextCursor: null }], pageParams: [null] });
    const { result } = renderHook(() => useLiveVideo('v1'), { wrapper: createWrapper(queryClient) });
    expect(queryClient.getQueryState(listKey)?.isInvalidated).toBe(false);

    await waitFor(() => expect(result.current.data?.status).toBe('ready'));
    await waitFor(() => expect(queryClient.getQueryState(listKey)?.isInvalidated).toBe(true));
    expect(queryClient.getQueryState(myVideosQueryKey)?.isInvalidated).toBe(true);
  });
});
