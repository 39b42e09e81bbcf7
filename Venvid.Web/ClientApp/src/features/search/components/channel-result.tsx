import { Link } from 'react-router';
import { formatCount } from '@/lib/format';
import type { Channel } from '@/types/api';

/** A channel in search results: its initial, names and counts; the name links to the channel. */
export function ChannelResult({ channel }: { channel: Channel }) {
  const name = channel.displayName || channel.username;
  return (
    <article className="d-flex align-items-center gap-3 py-2" data-testid="channel-result">
      <span className="avatar-circle avatar-lg" aria-hidden="true">
        {name.charAt(0).toUpperCase()}
      </span>
      <div className="min-w-0">
        <h2 className="h6 mb-0 text-truncate">
          <Link to={`/@${channel.username}`} className="text-body text-decoration-none">
            {name}
          </Link>
        </h2>
        <div className="small text-body-secondary">
          @{channel.username}
          <span aria-hidden="true"> · </span>
          {formatCount(channel.subscriberCount, 'subscriber')}
          <span aria-hidden="true"> · </span>
          {formatCount(channel.videoCount, 'video')}
        </div>
        {channel.bio && <p className="small mb-0 text-body-secondary text-truncate">{channel.bio}</p>}
      </div>
    </article>
  );
}
