import { GRID_THUMBNAIL_SIZES, JPEG, pickThumbnail, srcSetOf, WEBP } from '@/lib/thumbnails';
import type { Thumbnail } from '@/types/api';

/**
 * How soon the image loads: `lazy` when it nears the viewport (default), `eager` at once (cards in the first row),
 * `high` at once and ahead of other images (the page's first card, its Largest Contentful Paint).
 */
export type ThumbnailPriority = 'lazy' | 'eager' | 'high';

type ThumbnailPictureProps = {
  thumbnails: readonly Thumbnail[];
  /** The single thumbnail of videos processed before sized ones existed. */
  fallbackUrl?: string | null;
  /** The rendered width, for `sizes`; a grid card's by default. */
  sizes?: string;
  priority?: ThumbnailPriority;
  onError?: () => void;
};

/**
 * A 16:9 thumbnail as `<picture>`: WebP and JPEG at each width the server made, so the browser fetches the smallest
 * file that is sharp at `sizes`. Its parent sets the box (`.ratio`), so nothing moves when the image arrives.
 */
export function ThumbnailPicture({ thumbnails, fallbackUrl, sizes = GRID_THUMBNAIL_SIZES, priority = 'lazy', onError }: ThumbnailPictureProps) {
  const webp = srcSetOf(thumbnails, WEBP);
  const jpeg = srcSetOf(thumbnails, JPEG);
  const src = pickThumbnail(thumbnails, JPEG, 640)?.url ?? fallbackUrl ?? pickThumbnail(thumbnails, WEBP, 640)?.url;
  if (!src) return null;
  return (
    <picture>
      {webp && <source type={WEBP} srcSet={webp} sizes={sizes} />}
      <img
        src={src}
        srcSet={jpeg || undefined}
        sizes={jpeg ? sizes : undefined}
        width={640}
        height={360}
        alt=""
        loading={priority === 'lazy' ? 'lazy' : 'eager'}
        fetchPriority={priority === 'high' ? 'high' : undefined}
        decoding="async"
        onError={onError}
      />
    </picture>
  );
}
