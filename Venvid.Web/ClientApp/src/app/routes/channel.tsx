import { useState } from 'react';
import { Avatar } from '@/components/ui/avatar';
import { ChannelStats } from '@/features/channels/components/channel-stats';
import { Link, useParams } from 'react-router';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorAlert } from '@/components/ui/error-alert';
import { collectionPlayIcon, personXIcon } from '@/components/ui/icons';
import { Spinner } from '@/components/ui/spinner';
import { useMe } from '@/features/account/api/get-me';
import { useChannel } from '@/features/channels/api/get-channel';
import { useChannelVideos, type ChannelSort } from '@/features/channels/api/get-channel-videos';
import { useChannelPlaylists } from '@/features/channels/api/get-channel-playlists';
import { SubscribeButton } from '@/features/channels/components/subscribe-button';
import { PlaylistCard } from '@/features/playlists/components/playlist-card';
import { VideoGrid } from '@/features/videos/components/video-grid';
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
        <EmptyState icon={personXIcon} title="This channel doesn't exist" titleAs="h1">
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
      <ChannelTabs username={channel.username} />
    </div>
  );
}

type Tab = 'videos' | 'playlists';

function ChannelTabs({ username }: { username: string }) {
  const [tab, setTab] = useState<Tab>('videos');
  const tabs: { value: Tab; label: string }[] = [
    { value: 'videos', label: 'Videos' },
    { value: 'playlists', label: 'Playlists' },
  ];
  return (
    <>
      <ul className="nav nav-underline mb-3" role="tablist" aria-label="Channel sections">
        {tabs.map((option) => (
          <li className="nav-item" key={option.value} role="presentation">
            <button
              type="button"
              role="tab"
              id={`channel-tab-${option.value}`}
              aria-controls={`channel-panel-${option.value}`}
              aria-selected={tab === option.value}
              className={`nav-link${tab === option.value ? ' active' : ''}`}
              onClick={() => setTab(option.value)}
            >
              {option.label}
            </button>
          </li>
        ))}
      </ul>
      <div role="tabpanel" id={`channel-panel-${tab}`} aria-labelledby={`channel-tab-${tab}`}>
        {tab === 'videos' ? <ChannelVideos username={username} /> : <ChannelPlaylists username={username} />}
      </div>
    </>
  );
}

function ChannelPlaylists({ username }: { username: string }) {
  const query = useChannelPlaylists(username);
  if (query.isPending) return <Spinner label="Loading playlists…" />;
  if (query.isError) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  const all = query.data.pages.flatMap((page) => page.items);
  if (all.length === 0) return <EmptyState icon={collectionPlayIcon} title="No public playlists yet" />;
  return (
    <section aria-labelledby="channel-playlists">
      <h2 className="visually-hidden" id="channel-playlists">
        Playlists
      </h2>
      <ul className="video-grid list-unstyled mb-0" aria-label="Channel playlists">
        {all.map((playlist) => (
          <li key={playlist.id}>
            <PlaylistCard playlist={playlist} to={`/playlist/${playlist.id}`} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function ChannelHeader({ channel }: { channel: Channel }) {
  const me = useMe();
  const name = channel.displayName || channel.username;
  return (
    <header className="d-flex flex-wrap align-items-center gap-3 border-bottom pb-3 mb-3" data-testid="channel-header">
      <Avatar name={name} large />
      <div className="flex-grow-1">
        <h1 className="h3 mb-0">{name}</h1>
        <ChannelStats channel={channel} />
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
        <h2 className="visually-hidden" id="channel-videos">
          Videos
        </h2>
        <span />
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
