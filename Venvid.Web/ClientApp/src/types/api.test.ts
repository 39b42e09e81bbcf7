import { describe, expect, it } from 'vitest';
import { tokensSchema, uploadSchema, videoPageSchema, videoSchema } from './api';

const minimalVideo = {
  id: 'a1',
  title: 'Clip',
  visibility: 'public',
  status: 'queued',
  progress: 0,
  renditions: [],
  viewCount: 0,
  likeCount: 0,
  likedByMe: false,
  uploader: { id: 'u', username: 'bob', displayName: null },
  createdAt: '2026-11-26T00:00:00Z',
};

describe('API response schemas', () => {
  it('parses a video whose optional fields are absent or null', () => {
    const video = videoSchema.parse({ ...minimalVideo, playbackUrl: null, description: null });
    expect(video.playbackUrl).toBeNull();
    expect(video.durationSeconds).toBeUndefined();
  });

  it('rejects a video with an unknown status', () => {
    expect(videoSchema.safeParse({ ...minimalVideo, status: 'transcoding' }).success).toBe(false);
  });

  it('rejects a video without an id', () => {
    const { id: _id, ...withoutId } = minimalVideo;
    expect(videoSchema.safeParse(withoutId).success).toBe(false);
  });

  it('parses a page with a null cursor', () => {
    const page = videoPageSchema.parse({ items: [minimalVideo], nextCursor: null });
    expect(page.items).toHaveLength(1);
    expect(page.nextCursor).toBeNull();
  });

  it('requires tokens to carry both tokens and a positive lifetime', () => {
    expect(tokensSchema.safeParse({ accessToken: 'a', refreshToken: 'r', expiresIn: 900, tokenType: 'Bearer' }).success).toBe(true);
    expect(tokensSchema.safeParse({ accessToken: 'a', expiresIn: 900 }).success).toBe(false);
  });

  it('defaults the part URLs of an upload to none', () => {
    const upload = uploadSchema.parse({ uploadId: 'up', videoId: 'v', partSizeBytes: 5, partCount: 2, expiresAt: '2026-11-27T00:00:00Z' });
    expect(upload.parts).toEqual([]);
  });

  it('defaults a video without sized thumbnails to none, and keeps them in order when present', () => {
    expect(videoSchema.parse(minimalVideo).thumbnails).toEqual([]);
    expect(videoSchema.parse({ ...minimalVideo, thumbnails: null }).thumbnails).toEqual([]);
    const thumbnails = [
      { width: 320, height: 180, type: 'image/webp', url: 'https://cdn.example/320.webp' },
      { width: 320, height: 180, type: 'image/jpeg', url: 'https://cdn.example/320.jpg' },
    ];
    expect(videoSchema.parse({ ...minimalVideo, thumbnails }).thumbnails).toEqual(thumbnails);
    expect(videoSchema.safeParse({ ...minimalVideo, thumbnails: [{ width: 320, type: 'image/webp' }] }).success).toBe(false);
  });
});
