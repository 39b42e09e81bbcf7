import { noop, type QueryClient } from '@tanstack/react-query';
import { getRecommendedQueryOptions } from '@/features/discovery/api/get-recommended';
import { getVideosQueryOptions, type VideoListParams } from '@/features/videos/api/get-videos';
import { useSessionStore } from '@/stores/session-store';

export const popularParams: VideoListParams = { sort: 'popular', limit: 8 };
export const latestParams: VideoListParams = { sort: 'new', limit: 20 };

/** Home's lists, asked for as the app starts on `/` (router.tsx), while the page's code is still downloading. */
export function prefetchHome(queryClient: QueryClient): Promise<unknown> {
  const signedIn = useSessionStore.getState().refreshToken !== null;
  return Promise.all([
    // An error is left for the page to show once it renders.
    signedIn
      ? queryClient.infiniteQuery(getRecommendedQueryOptions()).catch(noop)
      : queryClient.infiniteQuery(getVideosQueryOptions(popularParams)).catch(noop),
    queryClient.infiniteQuery(getVideosQueryOptions(latestParams)).catch(noop),
  ]);
}
