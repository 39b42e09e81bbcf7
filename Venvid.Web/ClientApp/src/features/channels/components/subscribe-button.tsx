import { useNavigate } from 'react-router';
import { formatCount } from '@/lib/format';
import { errorMessage } from '@/lib/problem-details';
import { useIsSignedIn } from '@/stores/session-store';
import type { Channel } from '@/types/api';
import { useToggleSubscription } from '../api/toggle-subscription';

export function SubscribeButton({ channel, own }: { channel: Channel; own: boolean }) {
  const signedIn = useIsSignedIn();
  const navigate = useNavigate();
  const toggle = useToggleSubscription();
  if (own) return null;

  const onClick = () => {
    if (!signedIn) {
      void navigate(`/login?redirect=${encodeURIComponent(`/@${channel.username}`)}`);
      return;
    }
    toggle.mutate({ username: channel.username, subscribe: !channel.subscribedByMe });
  };

  return (
    <div className="d-inline-flex flex-column">
      <button
        type="button"
        className={`btn rounded-pill ${channel.subscribedByMe ? 'btn-outline-secondary' : 'btn-dark'}`}
        aria-pressed={channel.subscribedByMe}
        aria-label={`${channel.subscribedByMe ? 'Subscribed' : 'Subscribe'}, ${formatCount(channel.subscriberCount, 'subscriber')}`}
        data-testid="subscribe-button"
        onClick={onClick}
      >
        {channel.subscribedByMe ? 'Subscribed' : 'Subscribe'}
      </button>
      {toggle.isError && (
        <span className="small text-danger mt-1" role="alert">
          {errorMessage(toggle.error)}
        </span>
      )}
    </div>
  );
}
