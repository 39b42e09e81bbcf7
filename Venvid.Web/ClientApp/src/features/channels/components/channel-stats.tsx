import { formatCount } from '@/lib/format';
import type { Channel } from '@/types/api';

/** "@handle · 1.2K subscribers · 34 videos" */
export function ChannelStats({ channel }: { channel: Channel }) {
  return (
    <div className="text-body-secondary small">
      @{channel.username}
      <span aria-hidden="true"> · </span>
      <span data-testid="subscriber-count">{formatCount(channel.subscriberCount, 'subscriber')}</span>
      <span aria-hidden="true"> · </span>
      {formatCount(channel.videoCount, 'video')}
    </div>
  );
}
