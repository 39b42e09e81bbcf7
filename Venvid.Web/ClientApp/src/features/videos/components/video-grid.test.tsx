import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import HomeRoute from '@/app/routes/home';
import { GRID_THUMBNAIL_SIZES } from '@/lib/thumbnails';
import { makeVideo } from '@/testing/data';
import { json, mockFetch } from '@/testing/fetch-mock';
import { renderWithProviders } from '@/testing/render';
import type { Thumbnail } from '@/types/api';
import { VideoThumbnail } from './video-thumbnail';

const sized = (id: string, width: number, type: 'image/webp' | 'image/jpeg'): Thumbnail => ({
  width,
  height: (width * 9) / 16,
  type,
  url: `https://cdn.example/${id}/${width}.${type === 'image/webp' ? 'webp' : 'jpg'}`,
});
const thumbnails = (id: string) => [320, 640, 1280].flatMap((width) => [sized(id, width, 'image/webp'), sized(id, width, 'image/jpeg')]);
const video = (n: number) => makeVideo({ id: `v${n}`, title: `Video ${n}`, thumbnails: thumbnails(`v${n}`) });
const videos = Array.from({ length: 6 }, (_, index) => video(index + 1));

function images(container: HTMLElement, listName: string) {
  const list = screen.getByRole('list', { name: listName });
  expect(container.contains(list)).toBe(true);
  return Array.from(list.querySelectorAll('img'));
}

describe('video thumbnails', () => {
  it('offers WebP and JPEG at every width, sized for the grid, in a box that does not move', () => {
    const { container } = renderWithProviders(<VideoThumbnail video={video(1)} />);
    const source = container.querySelector('picture > source');
    const img = container.querySelector('picture > img');
    expect(source).toHaveAttribute('type', 'image/webp');
    expect(source).toHaveAttribute(
      'srcset',
      'https://cdn.example/v1/320.webp 320w, https://cdn.example/v1/640.webp 640w, https://cdn.example/v1/1280.webp 1280w',
    );
    expect(source).toHaveAttribute('sizes', GRID_THUMBNAIL_SIZES);
    expect(img).toHaveAttribute('srcset', 'https://cdn.example/v1/320.jpg 320w, https://cdn.example/v1/640.jpg 640w, https://cdn.example/v1/1280.jpg 1280w');
    expect(img).toHaveAttribute('sizes', GRID_THUMBNAIL_SIZES);
    expect(img).toHaveAttribute('src', 'https://cdn.example/v1/640.jpg');
    expect(img).toHaveAttribute('width', '640');
    expect(img).toHaveAttribute('height', '360');
    expect(img).toHaveAttribute('alt', '');
    expect(img).toHaveAttribute('decoding', 'async');
    expect(img).toHaveAttribute('loading', 'lazy');
    expect(container.querySelector('.ratio-16x9')).toContainElement(img as HTMLElement);
  });

  it('falls back to the single thumbnail of videos processed before sized ones', () => {
    const { container } = renderWithProviders(<VideoThumbnail video={makeVideo({ thumbnails: [], thumbnailUrl: '/media/v1/thumb.jpg' })} sizes="168px" />);
    expect(container.querySelector('source')).toBeNull();
    const img = container.querySelector('img');
    expect(img).toHaveAttribute('src', '/media/v1/thumb.jpg');
    expect(img).not.toHaveAttribute('srcset');
  });

  it('shows the placeholder when there is no thumbnail at all', () => {
    const { container } = renderWithProviders(<VideoThumbnail video={makeVideo({ thumbnails: [], thumbnailUrl: null, durationSeconds: 65 })} />);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('.video-thumb-placeholder svg')).toBeInTheDocument();
    expect(screen.getByText('1:05')).toHaveTextContent('Duration 1:05');
  });

  it('loads the first row of the first shelf at once, the very first with high priority, the rest lazily', async () => {
    mockFetch({ 'GET /api/videos': () => json({ items: videos, nextCursor: null }) });
    const { container } = renderWithProviders(<HomeRoute />);
    await screen.findByRole('list', { name: 'Popular videos' });
    await screen.findByRole('list', { name: 'New videos' });

    const popular = images(container, 'Popular videos');
    expect(popular.map((img) => img.getAttribute('loading'))).toEqual(['eager', 'eager', 'eager', 'eager', 'lazy', 'lazy']);
    expect(popular.map((img) => img.getAttribute('fetchpriority'))).toEqual(['high', null, null, null, null, null]);
    expect(images(container, 'New videos').every((img) => img.getAttribute('loading') === 'lazy' && !img.hasAttribute('fetchpriority'))).toBe(true);
  });

  it('gives each card its own title id, even for a video on both shelves', async () => {
    mockFetch({ 'GET /api/videos': () => json({ items: videos, nextCursor: null }) });
    const { container } = renderWithProviders(<HomeRoute />);
    // The shelves load independently: wait for both before counting their cards.
    await screen.findByRole('list', { name: 'Popular videos' });
    await screen.findByRole('list', { name: 'New videos' });
    const ids = Array.from(container.querySelectorAll('article[aria-labelledby]'), (card) => card.getAttribute('aria-labelledby'));
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
    expect(screen.getAllByRole('article', { name: 'Video 1' })).toHaveLength(2);
  });
});
