import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorAlert } from '@/components/ui/error-alert';
import { Spinner } from '@/components/ui/spinner';
import { useMe } from '@/features/account/api/get-me';
import { useChannel } from '@/features/channels/api/get-channel';
import { useChannelVideos, type ChannelSort } from '@/features/channels/api/get-channel-videos';
import { SubscribeButton } from '@/features/channels/components/subscribe-button';
import { VideoGrid } from '@/features/videos/components/video-grid';
import { formatCount } from '@/lib/format';
import { isApiError } from '@/lib/problem-details';
import { useDocumentTitle } from '@/lib/use-document-title';
import type { Channel } from '@/types/api';
import NotFoundRoute from './not-found';

/** `/@username`: a channel's page. Any other single-segment path is not a page. */
export default function ChannelRoute() {
  const { handle = '' } = useParams();
  if (!handle.startsWith('@') || handle.length < 2) return <NotFoundRoute />;
  return <ChannelPage username={handle.slice(1)} />;
}

function ChannelPage({ username }: { username: string }) {
  const { data: channel, error, isPending, refetch } = useChannel(username);
  useDocumentTitle(channel ? channel.displayName || channel.username : null);

  if (isPending) return <Spinner label="Loading channel…" />;
  if (error) {
    if (isApiError(error) && error.status === 404) {
      return (
        <EmptyState icon="bi-person-x" title="This channel doesn't exist">
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
    <div className="page-container">
      <ChannelHeader channel={channel} />
      <ChannelVideos username={channel.username} />
    </div>
  );
}

function ChannelHeader({ channel }: { channel: Channel }) {
  const me = useMe();
  const name = channel.displayName || channel.username;
  return (
    <header className="d-flex flex-wrap align-items-center gap-3 border-bottom pb-3 mb-3" data-testid="channel-header">
      <span className="avatar-circle avatar-lg" aria-hidden="true">
        {name.charAt(0).toUpperCase()}
      </span>
      <div className="flex-grow-1">
        <h1 className="h3 mb-0">{name}</h1>
        <div className="text-body-secondary small">
          @{channel.username}
          <span aria-hidden="true"> · </span>
          <span data-testid="subscriber-count">{formatCount(channel.subscriberCount, 'subscriber')}</span>
          <span aria-hidden="true"> · </span>
          {formatCount(channel.videoCount, 'video')}
        </div>
        {channel.bio && <p className="mb-0 mt-1 description">{channel.bio}</p>}
      </div>
      <SubscribeButton channel={channel} own={me.data?.id === channel.id} />
    </header>
  );
}

const sorts: { value: ChannelSort; label: string }[] = [
  { value: 'new', label: 'Latest' },
  { value: 'popular', label: 'Popular' },
];

function ChannelVideos({ username }: { username: string }) {
  const [sort, setSort] = useState<ChannelSort>('new');
  const query = useChannelVideos(username, sort);
  return (
    <section aria-labelledby="channel-videos">
      <div className="d-flex align-items-center justify-content-between mb-3">
        <h2 className="h5 mb-0" id="channel-videos">
          Videos
        </h2>
        <div className="btn-group btn-group-sm" role="group" aria-label="Order videos by">
          {sorts.map((option) => (
            <button
              key={option.value}
              type="button"
              className={`btn ${sort === option.value ? 'btn-dark' : 'btn-outline-secondary'}`}
              aria-pressed={sort === option.value}
              onClick={() => setSort(option.value)}
            >
              {option.label}
            </button>
          ))}
        </div>
      </div>
      <VideoGrid query={query} emptyTitle="No public videos yet" label="Channel videos" />
    </section>
  );
}
