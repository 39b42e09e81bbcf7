import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorAlert } from '@/components/ui/error-alert';
import { Spinner } from '@/components/ui/spinner';
import { formatCount, formatRelativeTime } from '@/lib/format';
import { isApiError } from '@/lib/problem-details';
import { useDocumentTitle } from '@/lib/use-document-title';
import { VideoPlayer } from '@/features/player/components/video-player';
import { useRecordView } from '@/features/videos/api/record-view';
import { useLiveVideo } from '@/features/videos/api/watch-video-events';
import { LikeButton } from '@/features/videos/components/like-button';
import type { Video } from '@/types/api';

export default function WatchRoute() {
  const { id = '' } = useParams();
  const { data: video, error, isPending, refetch } = useLiveVideo(id);
  const recordView = useRecordView();
  useDocumentTitle(video?.title ?? null);

  if (isPending) return <Spinner label="Loading video…" />;
  if (error) {
    if (isApiError(error) && error.status === 404) {
      return (
        <EmptyState icon="bi-camera-video-off" title="This video isn't available">
          <Link to="/">Go home</Link>
        </EmptyState>
      );
    }
    return (
      <div className="page-container">
        <ErrorAlert error={error} onRetry={() => void refetch()} />
      </div>
    );
  }

  return (
    <div className="watch-page">
      {video.playbackUrl ? (
        <VideoPlayer
          key={video.playbackUrl}
          videoId={video.id}
          src={video.playbackUrl}
          title={video.title}
          poster={video.thumbnailUrl}
          storyboardUrl={video.storyboardUrl}
          onPlaybackStarted={() => recordView.mutate(video.id)}
        />
      ) : (
        <ProcessingPanel video={video} />
      )}
      <VideoDetails video={video} />
    </div>
  );
}

function ProcessingPanel({ video }: { video: Video }) {
  const failed = video.status === 'failed';
  const progress = Math.round(video.progress);
  return (
    <div className="ratio ratio-16x9 bg-dark rounded-3 text-white" data-testid="processing-panel">
      <div className="d-flex flex-column align-items-center justify-content-center p-3 text-center">
        {failed ? (
          <>
            <i className="bi bi-exclamation-octagon fs-1 mb-2" aria-hidden="true" />
            <p className="mb-0">Processing failed{video.failureReason ? `: ${video.failureReason}` : '.'}</p>
          </>
        ) : (
          <>
            <p className="fs-5 mb-3" aria-live="polite">
              {video.status === 'processing' ? `Processing ${progress}%` : 'Queued for processing…'}
            </p>
            <div
              className="progress w-50"
              role="progressbar"
              aria-label="Processing progress"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={progress}
            >
              <div className="progress-bar progress-bar-striped progress-bar-animated" style={{ width: `${progress}%` }} />
            </div>
            <p className="small text-white-50 mt-3 mb-0">Playback starts as soon as the first quality is ready.</p>
          </>
        )}
      </div>
    </div>
  );
}

function VideoDetails({ video }: { video: Video }) {
  const [expanded, setExpanded] = useState(false);
  const uploader = video.uploader.displayName || video.uploader.username;
  const published = video.publishedAt ?? video.createdAt;
  const description = video.description ?? '';
  const long = description.length > 280 || description.split('\n').length > 4;

  return (
    <div className="mt-3">
      <h1 className="h4 fw-semibold mb-2" data-testid="video-title">
        {video.title}
      </h1>
      <div className="d-flex flex-wrap align-items-center justify-content-between gap-3">
        <div className="d-flex align-items-center gap-2">
          <span className="avatar-circle" aria-hidden="true">
            {uploader.charAt(0).toUpperCase()}
          </span>
          <div>
            <Link to={`/@${video.uploader.username}`} className="fw-semibold text-body text-decoration-none" data-testid="uploader-link">
              {uploader}
            </Link>
            <div className="small text-body-secondary">@{video.uploader.username}</div>
          </div>
        </div>
        <LikeButton video={video} />
      </div>
      <div className="bg-body-tertiary rounded-3 p-3 mt-3">
        <div className="small fw-semibold mb-1">
          <span data-testid="view-count">{formatCount(video.viewCount, 'view')}</span>
          <span aria-hidden="true"> · </span>
          <time dateTime={published}>{formatRelativeTime(published)}</time>
          {video.visibility !== 'public' && <span className="badge text-bg-secondary ms-2 text-capitalize">{video.visibility}</span>}
        </div>
        {description ? (
          <>
            <p className={`mb-0 description${expanded || !long ? '' : ' clamped'}`}>{description}</p>
            {long && (
              <button type="button" className="btn btn-link btn-sm px-0" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
                {expanded ? 'Show less' : 'Show more'}
              </button>
            )}
          </>
        ) : (
          <p className="mb-0 text-body-secondary">No description.</p>
        )}
      </div>
    </div>
  );
}
