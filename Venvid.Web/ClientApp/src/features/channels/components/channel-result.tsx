import { Link } from 'react-router';
import { Avatar } from '@/components/ui/avatar';
import type { Channel } from '@/types/api';
import { ChannelStats } from './channel-stats';

/** A channel in a list of results: its initial, names and counts; the name links to the channel. */
export function ChannelResult({ channel }: { channel: Channel }) {
  const name = channel.displayName || channel.username;
  return (
    <article className="d-flex align-items-center gap-3 py-2" data-testid="channel-result">
      <Avatar name={name} large />
      <div className="min-w-0">
        <h2 className="h6 mb-0 text-truncate">
          <Link to={`/@${channel.username}`} className="text-body text-decoration-none">
            {name}
          </Link>
        </h2>
        <ChannelStats channel={channel} />
        {channel.bio && <p className="small mb-0 text-body-secondary text-truncate">{channel.bio}</p>}
      </div>
    </article>
  );
}
