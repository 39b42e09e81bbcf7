import type { Video } from '@/types/api';

export function makeVideo(overrides: Partial<Video> = {}): Video {
  return {
    id: 'v1',
    title: 'Exploring the Alps',
    description: 'Snow.',
    visibility: 'public',
    status: 'ready',
    progress: 100,
    failureReason: null,
    durationSeconds: 745,
    width: 1280,
    height: 720,
    thumbnailUrl: '/media/videos/v1/thumb.jpg',
    thumbnails: [],
    playbackUrl: '/media/videos/v1/master.m3u8',
    storyboardUrl: '/media/videos/v1/storyboard.vtt',
    renditions: [{ name: '360p', width: 640, height: 360, bitrate: 800000, ready: true }],
    captions: [],
    chapters: [],
    viewCount: 125000,
    likeCount: 3000,
    commentCount: 12,
    likedByMe: false,
    uploader: { id: 'u1', username: 'anna', displayName: 'Anna' },
    createdAt: '2026-11-20T10:00:00Z',
    publishedAt: '2026-11-20T10:05:00Z',
    ...overrides,
  };
}
