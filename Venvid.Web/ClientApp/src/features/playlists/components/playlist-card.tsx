import { useId } from 'react';
import { Link } from 'react-router';
import { Icon } from '@/components/ui/icon';
import { clockIcon, collectionPlayIcon } from '@/components/ui/icons';
import { ThumbnailPicture } from '@/components/ui/thumbnail-picture';
import { formatCount } from '@/lib/format';
import type { Playlist } from '@/types/api';

type PlaylistCardProps = {
  playlist: Playlist;
  to: string;
  /** h2 when the grid comes right after the page's h1, h3 under a section's h2 (default). */
  headingLevel?: 2 | 3;
};

export function PlaylistCard({ playlist, to, headingLevel = 3 }: PlaylistCardProps) {
  const titleId = useId();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const hasImage = playlist.thumbnails.length > 0 || Boolean(playlist.thumbnailUrl);
  return (
    <article className="video-card h-100" data-testid="playlist-card" aria-labelledby={titleId}>
      <Link to={to} className="d-block text-decoration-none" tabIndex={-1} aria-hidden="true">
        <div className="thumbnail ratio ratio-16x9 rounded-3 overflow-hidden bg-dark">
          {hasImage ? (
            <ThumbnailPicture thumbnails={playlist.thumbnails} fallbackUrl={playlist.thumbnailUrl} />
          ) : (
            <div className="d-flex align-items-center justify-content-center text-white-50">
              <Icon icon={playlist.kind === 'watchLater' ? clockIcon : collectionPlayIcon} className="fs-1" />
            </div>
          )}
        </div>
      </Link>
      <div className="pt-2">
        <Heading className="video-card-title fs-6 fw-semibold mb-1" id={titleId}>
          <Link to={to} className="text-body text-decoration-none">
            {playlist.title}
          </Link>
        </Heading>
        <div className="small text-body-secondary">
          {formatCount(playlist.videoCount, 'video')}
          <span aria-hidden="true"> · </span>
          <span className="text-capitalize">{playlist.visibility}</span>
        </div>
      </div>
    </article>
  );
}
