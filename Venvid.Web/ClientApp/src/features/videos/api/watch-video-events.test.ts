import { describe, expect, it } from 'vitest';
import { makeVideo } from '@/testing/data';
import { isInProgress, parseVideoEvent } from './watch-video-events';

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
});
