import { useId, type ReactNode } from 'react';
import { Link } from 'react-router';
import type { ThumbnailPriority } from '@/components/ui/thumbnail-picture';
import { formatRelativeTime, formatStats } from '@/lib/format';
import type { Video } from '@/types/api';
import { VideoThumbnail } from './video-thumbnail';

type VideoCardProps = {
  video: Video;
  footer?: ReactNode;
  /** h2 when the grid sits right under the page's h1, h3 under a section's h2 (default). */
  headingLevel?: 2 | 3;
  priority?: ThumbnailPriority;
};

export function VideoCard({ video, footer, headingLevel = 3, priority }: VideoCardProps) {
  // The same video can be on a page twice (two shelves on Home), so the title's id is per card, not per video.
  const titleId = useId();
  const uploader = video.uploader.displayName || video.uploader.username;
  const published = video.publishedAt ?? video.createdAt;
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <article className="video-card h-100" data-testid="video-card" aria-labelledby={titleId}>
      <Link to={`/watch/${video.id}`} className="d-block text-decoration-none" tabIndex={-1} aria-hidden="true">
        <VideoThumbnail video={video} priority={priority} />
      </Link>
      <div className="pt-2">
        <Heading className="video-card-title fs-6 fw-semibold mb-1" id={titleId}>
          <Link to={`/watch/${video.id}`} className="text-body text-decoration-none">
            {video.title}
          </Link>
        </Heading>
        <div className="small">
          <Link to={`/@${video.uploader.username}`} className="tap-target text-body-secondary text-decoration-none" data-testid="uploader-link">
            {uploader}
          </Link>
        </div>
        <div className="small text-body-secondary">
          {formatStats(video.viewCount, video.likeCount)}
          <span aria-hidden="true"> · </span>
          <time dateTime={published}>{formatRelativeTime(published)}</time>
        </div>
        {footer}
      </div>
    </article>
  );
}
