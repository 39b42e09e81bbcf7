import type { Thumbnail, Video } from '@/types/api';

export const WEBP = 'image/webp';
export const JPEG = 'image/jpeg';
/** The player never asks for more than this, whatever the screen (the server's largest size too). */
export const MAX_POSTER_WIDTH = 1280;

/**
 * The width a grid card's thumbnail takes, for `sizes`. It follows `.video-grid` (styles.css): columns of at least
 * 230 px with 1 rem gaps, one column below 576 px, in the main area (viewport − 2 × 1 rem padding below 768 px,
 * − 2 × 2 rem from 768 px, − the 232 px sidebar from 992 px, at most 1400 px wide). Each line is the column count
 * that fits from that width up; slightly over is fine, under would pick a blurry file.
 */
export const GRID_THUMBNAIL_SIZES = [
  '(max-width: 575.98px) calc(100vw - 2rem)',
  '(max-width: 767.98px) calc(50vw - 1.5rem)',
  '(max-width: 785.98px) calc(50vw - 2.5rem)',
  '(max-width: 991.98px) calc(33.4vw - 2rem)',
  '(max-width: 1017.98px) calc(50vw - 156px)',
  '(max-width: 1263.98px) calc(33.4vw - 109px)',
  '(max-width: 1509.98px) calc(25vw - 86px)',
  '(max-width: 1695.98px) calc(20vw - 72px)',
  '268px',
].join(', ');

/** One file per width (the first listed wins), narrowest first. */
export function thumbnailsOfType(thumbnails: readonly Thumbnail[], type: string): Thumbnail[] {
  const byWidth = new Map<number, Thumbnail>();
  for (const thumbnail of thumbnails) {
    if (thumbnail.type === type && thumbnail.width > 0 && !byWidth.has(thumbnail.width)) byWidth.set(thumbnail.width, thumbnail);
  }
  return [...byWidth.values()].sort((a, b) => a.width - b.width);
}

/** `"a.webp 320w, b.webp 640w"`; empty when the video has no file of that type. */
export function srcSetOf(thumbnails: readonly Thumbnail[], type: string): string {
  return thumbnailsOfType(thumbnails, type)
    .map((thumbnail) => `${thumbnail.url} ${thumbnail.width}w`)
    .join(', ');
}

/** The narrowest file at least `minWidth` wide (≤ `maxWidth`), else the widest there is; undefined when none. */
export function pickThumbnail(thumbnails: readonly Thumbnail[], type: string, minWidth: number, maxWidth = Number.POSITIVE_INFINITY): Thumbnail | undefined {
  const candidates = thumbnailsOfType(thumbnails, type).filter((thumbnail) => thumbnail.width <= maxWidth);
  return candidates.find((thumbnail) => thumbnail.width >= minWidth) ?? candidates.at(-1);
}

/**
 * CSS width of the watch page's player for a viewport width, following styles.css: the main area as for the grid,
 * then `.watch-page` (at most 1280 px) or, from 1200 px, `.watch-layout`'s first column (at most 1640 px less the
 * 360 px Up next column and its 1.5 rem gap).
 */
export function estimatePlayerWidth(viewportWidth: number): number {
  const padding = viewportWidth >= 768 ? 64 : 32;
  const sidebar = viewportWidth >= 992 ? 232 : 0;
  const main = Math.max(0, viewportWidth - padding - sidebar);
  return viewportWidth >= 1200 ? Math.min(main, 1640) - 384 : Math.min(main, 1280);
}

/** The poster for a player `cssWidth` wide on a screen of `pixelRatio`: WebP when there is one, then JPEG, then the old single thumbnail. */
export function posterUrl(video: Pick<Video, 'thumbnails' | 'thumbnailUrl'>, cssWidth: number, pixelRatio = 1): string | undefined {
  const needed = Math.ceil(cssWidth * Math.max(1, pixelRatio));
  const best = pickThumbnail(video.thumbnails, WEBP, needed, MAX_POSTER_WIDTH) ?? pickThumbnail(video.thumbnails, JPEG, needed, MAX_POSTER_WIDTH);
  return best?.url ?? video.thumbnailUrl ?? undefined;
}
