import { describe, expect, it } from 'vitest';
import type { Thumbnail } from '@/types/api';
import { estimatePlayerWidth, pickThumbnail, posterUrl, srcSetOf, thumbnailsOfType } from './thumbnails';

const sized = (width: number, type: string): Thumbnail => ({
  width,
  height: Math.round((width * 9) / 16),
  type,
  url: `https://cdn.example/t/${width}.${type === 'image/webp' ? 'webp' : 'jpg'}`,
});
// As the server lists them: by width, then type.
const all = [320, 640, 1280].flatMap((width) => [sized(width, 'image/webp'), sized(width, 'image/jpeg')]);

describe('thumbnail sizes', () => {
  it('builds a srcset per type, narrowest first', () => {
    expect(srcSetOf(all, 'image/webp')).toBe('https://cdn.example/t/320.webp 320w, https://cdn.example/t/640.webp 640w, https://cdn.example/t/1280.webp 1280w');
    expect(srcSetOf(all, 'image/jpeg')).toBe('https://cdn.example/t/320.jpg 320w, https://cdn.example/t/640.jpg 640w, https://cdn.example/t/1280.jpg 1280w');
    expect(srcSetOf([], 'image/webp')).toBe('');
  });

  it('ignores other formats and duplicate widths', () => {
    const listed = [sized(640, 'image/jpeg'), { ...sized(640, 'image/jpeg'), url: 'second' }, sized(320, 'image/avif'), sized(320, 'image/jpeg')];
    expect(thumbnailsOfType(listed, 'image/jpeg').map((thumbnail) => thumbnail.url)).toEqual([
      'https://cdn.example/t/320.jpg',
      'https://cdn.example/t/640.jpg',
    ]);
  });

  it('picks the narrowest file wide enough, else the widest', () => {
    expect(pickThumbnail(all, 'image/jpeg', 500)?.width).toBe(640);
    expect(pickThumbnail(all, 'image/jpeg', 640)?.width).toBe(640);
    expect(pickThumbnail(all, 'image/jpeg', 3000)?.width).toBe(1280);
    expect(pickThumbnail(all, 'image/jpeg', 3000, 640)?.width).toBe(640);
    expect(pickThumbnail([], 'image/jpeg', 100)).toBeUndefined();
  });

  it('estimates the player width from the page layout', () => {
    expect(estimatePlayerWidth(390)).toBe(358);
    expect(estimatePlayerWidth(800)).toBe(736);
    expect(estimatePlayerWidth(1100)).toBe(804);
    expect(estimatePlayerWidth(1280)).toBe(600);
    expect(estimatePlayerWidth(2560)).toBe(1256);
  });

  it('chooses the poster for the player size and pixel ratio, WebP first', () => {
    expect(posterUrl({ thumbnails: all, thumbnailUrl: '/old.jpg' }, 358, 1)).toBe('https://cdn.example/t/640.webp');
    expect(posterUrl({ thumbnails: all, thumbnailUrl: '/old.jpg' }, 300, 1)).toBe('https://cdn.example/t/320.webp');
    expect(posterUrl({ thumbnails: all, thumbnailUrl: '/old.jpg' }, 600, 3)).toBe('https://cdn.example/t/1280.webp');
    expect(posterUrl({ thumbnails: all.filter((thumbnail) => thumbnail.type === 'image/jpeg'), thumbnailUrl: null }, 600, 2)).toBe(
      'https://cdn.example/t/1280.jpg',
    );
  });

  it('never asks for a poster wider than 1280', () => {
    expect(posterUrl({ thumbnails: [...all, sized(1920, 'image/webp')], thumbnailUrl: null }, 1256, 2)).toBe('https://cdn.example/t/1280.webp');
  });

  it('falls back to the single thumbnail of older videos', () => {
    expect(posterUrl({ thumbnails: [], thumbnailUrl: '/media/v/thumb.jpg' }, 600)).toBe('/media/v/thumb.jpg');
    expect(posterUrl({ thumbnails: [], thumbnailUrl: null }, 600)).toBeUndefined();
  });
});
