import type { Video } from '@/types/api';

const styles: Record<Video['status'], { className: string; label: string }> = {
  uploading: { className: 'text-bg-secondary', label: 'Uploading' },
  queued: { className: 'text-bg-info', label: 'Queued' },
  processing: { className: 'text-bg-warning', label: 'Processing' },
  ready: { className: 'text-bg-success', label: 'Ready' },
  failed: { className: 'text-bg-danger', label: 'Failed' },
};

export function VideoStatusBadge({ video }: { video: Video }) {
  const style = styles[video.status];
  const label = video.status === 'processing' ? `${style.label} ${Math.round(video.progress)}%` : style.label;
  return (
    <span className={`badge ${style.className}`} data-testid="video-status">
      {label}
    </span>
  );
}
