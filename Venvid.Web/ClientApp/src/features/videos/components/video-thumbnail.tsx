import { useState } from 'react';
import { Icon } from '@/components/ui/icon';
import { playBtnFillIcon } from '@/components/ui/icons';
import { ThumbnailPicture, type ThumbnailPriority } from '@/components/ui/thumbnail-picture';
import { formatDuration } from '@/lib/format';
import type { Video } from '@/types/api';

type VideoThumbnailProps = { video: Video; sizes?: string; priority?: ThumbnailPriority };

export function VideoThumbnail({ video, sizes, priority }: VideoThumbnailProps) {
  const [broken, setBroken] = useState(false);
  const hasImage = !broken && (video.thumbnails.length > 0 || Boolean(video.thumbnailUrl));
  return (
    <div className="video-thumb ratio ratio-16x9 rounded-3 overflow-hidden">
      {hasImage ? (
        <ThumbnailPicture thumbnails={video.thumbnails} fallbackUrl={video.thumbnailUrl} sizes={sizes} priority={priority} onError={() => setBroken(true)} />
      ) : (
        <div className="video-thumb-placeholder d-flex align-items-center justify-content-center">
          <Icon icon={playBtnFillIcon} />
        </div>
      )}
      {video.durationSeconds != null && video.durationSeconds > 0 && (
        <span className="video-duration badge">
          <span className="visually-hidden">Duration </span>
          {formatDuration(video.durationSeconds)}
        </span>
      )}
    </div>
  );
}
