import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import { useDeferredValue, useEffect, useRef, type ReactNode } from 'react';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorAlert } from '@/components/ui/error-alert';
import type { ThumbnailPriority } from '@/components/ui/thumbnail-picture';
import type { Video, VideoPage } from '@/types/api';
import { VideoCard } from './video-card';
import { VideoCardSkeleton } from './video-card-skeleton';

type VideoGridProps = {
  query: UseInfiniteQueryResult<InfiniteData<VideoPage>>;
  emptyTitle: string;
  emptyHint?: ReactNode;
  /** Load the next page when the end of the grid scrolls into view (default); otherwise on a button press. */
  autoLoad?: boolean;
  skeletons?: number;
  renderFooter?: (video: Video) => ReactNode;
  label?: string;
  /** Passed to each card: 2 when the grid comes right after the page's h1. */
  headingLevel?: 2 | 3;
  /**
   * How many cards at the start load their thumbnail at once (the first with high priority): the first row when the
   * grid opens the page (default); 0 for a grid further down.
   */
  eagerCount?: number;
};

/** A full first row on most screens; the rest load as they near the viewport. */
const FIRST_ROW = 4;

function priorityAt(index: number, eagerCount: number): ThumbnailPriority {
  if (index >= eagerCount) return 'lazy';
  return index === 0 ? 'high' : 'eager';
}

export function VideoGrid({
  query,
  emptyTitle,
  emptyHint,
  autoLoad = true,
  skeletons = 8,
  renderFooter,
  label,
  headingLevel,
  eagerCount = FIRST_ROW,
}: VideoGridProps) {
  const sentinel = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  // A page of cards renders in an interruptible background pass (the skeletons stay until it is done), so the
  // main thread is never blocked for long while the first screen loads.
  const data = useDeferredValue(query.data);

  useEffect(() => {
    const node = sentinel.current;
    if (!autoLoad || !node || !hasNextPage || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
      },
      { rootMargin: '600px 0px' },
    );
    observer.observe(node);
    return () => observer.disconnect();
  }, [autoLoad, hasNextPage, isFetchingNextPage, fetchNextPage]);

  if (query.isPending || (query.isSuccess && !data)) {
    return (
      <div className="video-grid" role="status" aria-busy="true" aria-label={label ? `${label} loading` : 'Loading videos'}>
        {Array.from({ length: skeletons }, (_, index) => (
          <VideoCardSkeleton key={index} />
        ))}
      </div>
    );
  }
  if (query.isError) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;

  const videos = (data ?? query.data).pages.flatMap((page) => page.items);
  if (videos.length === 0) return <EmptyState title={emptyTitle}>{emptyHint}</EmptyState>;

  return (
    <>
      <ul className="video-grid list-unstyled mb-0" aria-label={label}>
        {videos.map((video, index) => (
          <li key={video.id}>
            <VideoCard video={video} footer={renderFooter?.(video)} headingLevel={headingLevel} priority={priorityAt(index, eagerCount)} />
          </li>
        ))}
        {isFetchingNextPage &&
          Array.from({ length: 4 }, (_, index) => (
            <li key={`skeleton-${index}`}>
              <VideoCardSkeleton />
            </li>
          ))}
      </ul>
      <div ref={sentinel} className="d-flex justify-content-center py-3">
        {hasNextPage && !isFetchingNextPage && (
          <button type="button" className="btn btn-outline-secondary btn-sm" onClick={() => void fetchNextPage()}>
            Show more
          </button>
        )}
      </div>
    </>
  );
}
