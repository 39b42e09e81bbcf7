import { Link } from 'react-router';
import { ErrorAlert } from '@/components/ui/error-alert';
import { Icon } from '@/components/ui/icon';
import { checkCircleFillIcon } from '@/components/ui/icons';
import { useLiveVideo } from '../api/watch-video-events';

/** Live status line for a video being transcoded: "Processing 42%", then "Ready" with a link to watch. */
export function VideoProcessingStatus({ videoId }: { videoId: string }) {
  const { data: video, error } = useLiveVideo(videoId);
  if (error) return <ErrorAlert error={error} />;
  if (!video) return <span className="small text-body-secondary">Checking status…</span>;

  switch (video.status) {
    case 'ready':
      return (
        <span className="d-inline-flex align-items-center gap-2" data-testid="processing-status">
          <span className="text-success fw-semibold">
            <Icon icon={checkCircleFillIcon} className="me-1" />
            Ready
          </span>
          <Link to={`/watch/${video.id}`} className="btn btn-sm btn-success">
            Watch
          </Link>
          <Link to={`/me/videos/${video.id}/edit`} className="btn btn-sm btn-outline-secondary">
            Edit
          </Link>
        </span>
      );
    case 'failed':
      return (
        <span className="text-danger" data-testid="processing-status">
          Processing failed{video.failureReason ? `: ${video.failureReason}` : '.'}
        </span>
      );
    default:
      return (
        <span className="d-inline-flex align-items-center gap-2 text-body-secondary" data-testid="processing-status" aria-live="polite">
          <span className="spinner-border spinner-border-sm" aria-hidden="true" />
          {video.status === 'processing' ? `Processing ${Math.round(video.progress)}%` : 'Queued for processing…'}
          {video.playbackUrl && (
            <Link to={`/watch/${video.id}`} className="btn btn-sm btn-outline-success">
              Watch
            </Link>
          )}
        </span>
      );
  }
}
