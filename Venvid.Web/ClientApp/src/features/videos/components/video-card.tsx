import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { formatRelativeTime, formatStats } from '@/lib/format';
import type { Video } from '@/types/api';
import { VideoThumbnail } from './video-thumbnail';

type VideoCardProps = { video: Video; footer?: ReactNode };

export function VideoCard({ video, footer }: VideoCardProps) {
  const uploader = video.uploader.displayName || video.uploader.username;
  const published = video.publishedAt ?? video.createdAt;
  return (
    <article className="video-card h-100" data-testid="video-card" aria-labelledby={`video-title-${video.id}`}>
      <Link to={`/watch/${video.id}`} className="d-block text-decoration-none" tabIndex={-1} aria-hidden="true">
        <VideoThumbnail video={video} />
      </Link>
      <div className="pt-2">
        <h3 className="video-card-title fs-6 fw-semibold mb-1" id={`video-title-${video.id}`}>
          <Link to={`/watch/${video.id}`} className="text-body text-decoration-none">
            {video.title}
          </Link>
        </h3>
        <div className="small">
          <Link to={`/@${video.uploader.username}`} className="text-body-secondary text-decoration-none" data-testid="uploader-link">
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
