import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import { useEffect, useRef, type ReactNode } from 'react';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorAlert } from '@/components/ui/error-alert';
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
};

export function VideoGrid({ query, emptyTitle, emptyHint, autoLoad = true, skeletons = 8, renderFooter, label }: VideoGridProps) {
  const sentinel = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;

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

  if (query.isPending) {
    return (
      <div className="video-grid" aria-busy="true" aria-label={label ? `${label} loading` : 'Loading videos'}>
        {Array.from({ length: skeletons }, (_, index) => (
          <VideoCardSkeleton key={index} />
        ))}
      </div>
    );
  }
  if (query.isError) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;

  const videos = query.data.pages.flatMap((page) => page.items);
  if (videos.length === 0) return <EmptyState title={emptyTitle}>{emptyHint}</EmptyState>;

  return (
    <>
      <ul className="video-grid list-unstyled mb-0" aria-label={label}>
        {videos.map((video) => (
          <li key={video.id}>
            <VideoCard video={video} footer={renderFooter?.(video)} />
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
