import { noop, type QueryClient } from '@tanstack/react-query';
import { preload } from 'react-dom';
import { getVideoQueryOptions } from '@/features/videos/api/get-video';
import { estimatePlayerWidth, posterUrl } from '@/lib/thumbnails';

/** The poster the watch page shows for this video on this screen (the page's largest paint). */
export function watchPosterUrl(video: Parameters<typeof posterUrl>[0]): string | undefined {
  return posterUrl(video, estimatePlayerWidth(window.innerWidth), window.devicePixelRatio);
}

/**
 * The video, asked for as the app starts on `/watch/:id` (router.tsx) while the page's code is still downloading;
 * then its poster, before the page has rendered the player that shows it.
 */
export async function prefetchWatch(queryClient: QueryClient, id: string): Promise<void> {
  const options = getVideoQueryOptions(id);
  await queryClient.query(options).catch(noop);
  const video = queryClient.getQueryData(options.queryKey);
  const poster = video ? watchPosterUrl(video) : undefined;
  if (poster) preload(poster, { as: 'image', fetchPriority: 'high' });
}
