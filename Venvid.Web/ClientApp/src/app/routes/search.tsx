import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorAlert } from '@/components/ui/error-alert';
import { searchIcon } from '@/components/ui/icons';
import { PageHeader } from '@/components/ui/page-header';
import { Spinner } from '@/components/ui/spinner';
import { PlaylistCard } from '@/features/playlists/components/playlist-card';
import { useChannelSearch, usePlaylistSearch } from '@/features/search/api/search-catalogue';
import { ChannelResult } from '@/features/channels/components/channel-result';
import { useVideos } from '@/features/videos/api/get-videos';
import { VideoGrid } from '@/features/videos/components/video-grid';
import { useDocumentTitle } from '@/lib/use-document-title';

const TABS = [
  { type: 'videos', label: 'Videos' },
  { type: 'channels', label: 'Channels' },
  { type: 'playlists', label: 'Playlists' },
] as const;
type ResultType = (typeof TABS)[number]['type'];

const DATES = [
  { value: '', label: 'Any time', days: 0 },
  { value: 'today', label: 'Today', days: 1 },
  { value: 'week', label: 'This week', days: 7 },
  { value: 'month', label: 'This month', days: 30 },
  { value: 'year', label: 'This year', days: 365 },
] as const;

const DURATIONS = [
  { value: '', label: 'Any length' },
  { value: 'short', label: 'Under 4 minutes' },
  { value: 'medium', label: '4–20 minutes' },
  { value: 'long', label: 'Over 20 minutes' },
] as const;

export default function SearchRoute() {
  const [params, setParams] = useSearchParams();
  const q = (params.get('q') ?? '').trim();
  const type: ResultType = TABS.find((tab) => tab.type === params.get('type'))?.type ?? 'videos';
  useDocumentTitle(q ? `${q} – Search` : 'Search');

  const withChanges = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    return next;
  };
  const linkTo = (changes: Record<string, string>) => `/search?${withChanges(changes).toString()}`;

  return (
    <div className="page-container">
      <PageHeader title={q ? `Results for “${q}”` : 'Search'} />
      {q ? (
        <>
          <nav aria-label="Result type" className="mb-3">
            <ul className="nav nav-pills gap-1">
              {TABS.map((tab) => (
                <li className="nav-item" key={tab.type}>
                  <Link
                    to={linkTo({ type: tab.type === 'videos' ? '' : tab.type })}
                    className={`nav-link py-1 px-3${tab.type === type ? ' active' : ''}`}
                    aria-current={tab.type === type ? 'page' : undefined}
                  >
                    {tab.label}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          {type === 'videos' && (
            <VideoFilters
              date={params.get('date') ?? ''}
              duration={params.get('duration') ?? ''}
              onChange={(key, value) => setParams(withChanges({ [key]: value }))}
            />
          )}
          {type === 'videos' && <VideoResults q={q} date={params.get('date') ?? ''} duration={params.get('duration') ?? ''} />}
          {type === 'channels' && <ChannelResults q={q} />}
          {type === 'playlists' && <PlaylistResults q={q} />}
        </>
      ) : (
        <EmptyState icon={searchIcon} title="Type in the search box to find videos, channels and playlists." />
      )}
    </div>
  );
}

function VideoFilters({ date, duration, onChange }: { date: string; duration: string; onChange: (key: 'date' | 'duration', value: string) => void }) {
  return (
    <div className="d-flex flex-wrap gap-2 mb-3" role="group" aria-label="Filters">
      <FilterSelect label="Upload date" value={date} options={DATES} onChange={(value) => onChange('date', value)} />
      <FilterSelect label="Duration" value={duration} options={DURATIONS} onChange={(value) => onChange('duration', value)} />
    </div>
  );
}

type FilterSelectProps = { label: string; value: string; options: readonly { value: string; label: string }[]; onChange: (value: string) => void };

function FilterSelect({ label, value, options, onChange }: FilterSelectProps) {
  return (
    <select className="form-select form-select-sm w-auto" aria-label={label} value={value} onChange={(event) => onChange(event.target.value)}>
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </select>
  );
}

/** The date a "this week"-style filter starts from, as the API's ISO date (UTC). */
function since(date: string): string | undefined {
  const days = DATES.find((option) => option.value === date)?.days ?? 0;
  if (days === 0) return undefined;
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

function VideoResults({ q, date, duration }: { q: string; date: string; duration: string }) {
  const length = DURATIONS.find((option) => option.value === duration)?.value || undefined;
  const query = useVideos({ q, publishedAfter: since(date), duration: length });
  return <VideoGrid query={query} emptyTitle={`No videos match “${q}”`} label="Search results" headingLevel={2} />;
}

function ChannelResults({ q }: { q: string }) {
  return (
    <Results query={useChannelSearch(q)} empty={`No channels match “${q}”`} label="Channels">
      {(channel) => <ChannelResult channel={channel} />}
    </Results>
  );
}

function PlaylistResults({ q }: { q: string }) {
  return (
    <Results query={usePlaylistSearch(q)} empty={`No public playlists match “${q}”`} label="Playlists" grid>
      {(playlist) => <PlaylistCard playlist={playlist} to={`/playlist/${playlist.id}`} headingLevel={2} />}
    </Results>
  );
}

type ResultsProps<T extends { id: string }> = {
  query: UseInfiniteQueryResult<InfiniteData<{ items: T[]; nextCursor?: string | null }>>;
  empty: string;
  label: string;
  grid?: boolean;
  children: (item: T) => ReactNode;
};

function Results<T extends { id: string }>({ query, empty, label, grid, children }: ResultsProps<T>) {
  if (query.isPending) return <Spinner label="Searching…" />;
  if (query.isError) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  const items = query.data.pages.flatMap((page) => page.items);
  if (items.length === 0) return <EmptyState icon={searchIcon} title={empty} />;
  return (
    <>
      <ul className={`list-unstyled mb-0${grid ? ' video-grid' : ''}`} aria-label={label} data-testid="search-results">
        {items.map((item) => (
          <li key={item.id}>{children(item)}</li>
        ))}
      </ul>
      {query.hasNextPage && (
        <div className="text-center my-3">
          <button type="button" className="btn btn-outline-secondary" disabled={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
            {query.isFetchingNextPage ? 'Loading…' : 'Show more'}
          </button>
        </div>
      )}
    </>
  );
}
