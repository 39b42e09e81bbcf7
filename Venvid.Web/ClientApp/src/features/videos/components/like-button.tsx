import { useNavigate } from 'react-router';
import { Icon } from '@/components/ui/icon';
import { handThumbsUpFillIcon, handThumbsUpIcon } from '@/components/ui/icons';
import { formatCompact } from '@/lib/format';
import { errorMessage } from '@/lib/problem-details';
import { useIsSignedIn } from '@/stores/session-store';
import type { Video } from '@/types/api';
import { useToggleLike } from '../api/toggle-like';

export function LikeButton({ video }: { video: Video }) {
  const signedIn = useIsSignedIn();
  const navigate = useNavigate();
  const toggle = useToggleLike();

  const onClick = () => {
    if (!signedIn) {
      void navigate(`/login?redirect=${encodeURIComponent(`/watch/${video.id}`)}`);
      return;
    }
    toggle.mutate({ id: video.id, like: !video.likedByMe });
  };

  const count = video.likeCount;
  return (
    <div className="d-inline-flex flex-column">
      <button
        type="button"
        className={`btn rounded-pill ${video.likedByMe ? 'btn-primary' : 'btn-outline-secondary'}`}
        aria-pressed={video.likedByMe}
        // The name includes the count as shown ("1.9K"), so speech input can say what is on the button.
        aria-label={`Like, ${formatCompact(count)} ${count === 1 ? 'like' : 'likes'}`}
        data-testid="like-button"
        onClick={onClick}
      >
        <Icon icon={video.likedByMe ? handThumbsUpFillIcon : handThumbsUpIcon} className="me-2" />
        <span data-testid="like-count">{formatCompact(count)}</span>
      </button>
      {toggle.isError && (
        <span className="small text-danger mt-1" role="alert">
          {errorMessage(toggle.error)}
        </span>
      )}
    </div>
  );
}
