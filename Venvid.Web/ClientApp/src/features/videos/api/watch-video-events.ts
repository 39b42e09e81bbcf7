import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { buildUrl, getAccessToken } from '@/lib/api-client';
import { videoSchema, type Video } from '@/types/api';
import { getVideoQueryOptions, videoQueryKey } from './get-video';
import { myVideosQueryKey } from './get-my-videos';

const POLL_INTERVAL_MS = 2000;
/** Servers may name the event or leave it as the default "message". */
const EVENT_NAMES = ['message', 'video', 'snapshot', 'progress', 'status'];

export function isInProgress(video: Video | undefined): boolean {
  return video !== undefined && (video.status === 'uploading' || video.status === 'queued' || video.status === 'processing');
}

/** Parses one SSE data payload; anything that is not a Video snapshot is ignored. */
export function parseVideoEvent(data: string): Video | null {
  try {
    const parsed = videoSchema.safeParse(JSON.parse(data));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Lists cached before a video finished processing don't hold it (or show its old status): once it settles,
 * mark them stale so Home, search and "Your videos" show it on the next visit instead of a 30 s old page.
 */
export function invalidateVideoLists(queryClient: QueryClient): void {
  void queryClient.invalidateQueries({ queryKey: ['videos', 'list'] });
  void queryClient.invalidateQueries({ queryKey: myVideosQueryKey });
}

type Channel = 'idle' | 'stream' | 'poll';

/**
 * The video, kept live while it is being processed: snapshots from GET /api/videos/{id}/events
 * (EventSource cannot send headers, so the token rides in `access_token`), falling back to polling every 2 s.
 */
export function useLiveVideo(id: string) {
  const queryClient = useQueryClient();
  const [channel, setChannel] = useState<Channel>('idle');
  const query = useQuery({
    ...getVideoQueryOptions(id),
    refetchInterval: (q) => (channel !== 'stream' && isInProgress(q.state.data) ? POLL_INTERVAL_MS : false),
  });
  const inProgress = isInProgress(query.data);
  const sawProgress = useRef(false);

  useEffect(() => {
    if (inProgress) {
      sawProgress.current = true;
    } else if (sawProgress.current && query.data) {
      sawProgress.current = false;
      invalidateVideoLists(queryClient);
    }
  }, [inProgress, query.data, queryClient]);

  useEffect(() => {
    if (!inProgress) return;
    // Without EventSource the query polls: refetchInterval does whenever the channel is not a stream.
    if (typeof EventSource === 'undefined') return;
    let source: EventSource | null = null;
    let cancelled = false;

    void getAccessToken().then((token) => {
      if (cancelled) return;
      source = new EventSource(buildUrl(`/api/videos/${encodeURIComponent(id)}/events`, { access_token: token }));
      setChannel('stream');
      const onSnapshot = (event: MessageEvent<string>) => {
        const video = parseVideoEvent(event.data);
        if (!video) return;
        queryClient.setQueryData(videoQueryKey(id), video);
        if (!isInProgress(video)) {
          source?.close();
          setChannel('idle');
        }
      };
      for (const name of EVENT_NAMES) source.addEventListener(name, onSnapshot as EventListener);
      source.onerror = () => {
        // The stream ended or was refused: polling takes over until the video settles.
        source?.close();
        setChannel('poll');
      };
    });

    return () => {
      cancelled = true;
      source?.close();
    };
  }, [id, inProgress, queryClient]);

  return query;
}
