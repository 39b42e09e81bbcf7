import { useState } from 'react';
import { formatDuration } from '@/lib/format';
import type { Video } from '@/types/api';

export function VideoThumbnail({ video }: { video: Video }) {
  const [broken, setBroken] = useState(false);
  const showImage = video.thumbnailUrl && !broken;
  return (
    <div className="video-thumb ratio ratio-16x9 rounded-3 overflow-hidden">
      {showImage ? (
        <img src={video.thumbnailUrl ?? undefined} alt="" loading="lazy" decoding="async" onError={() => setBroken(true)} />
      ) : (
        <div className="video-thumb-placeholder d-flex align-items-center justify-content-center">
          <i className="bi bi-play-btn-fill" aria-hidden="true" />
        </div>
      )}
      {video.durationSeconds != null && video.durationSeconds > 0 && (
        <span className="video-duration badge" aria-label={`Duration ${formatDuration(video.durationSeconds)}`}>
          {formatDuration(video.durationSeconds)}
        </span>
      )}
    </div>
  );
}
