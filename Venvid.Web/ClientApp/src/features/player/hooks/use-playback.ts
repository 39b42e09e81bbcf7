import { useCallback, useRef, useState, type RefObject } from 'react';
import { formatDuration } from '@/lib/format';
import { clampTime } from '../utils/shortcuts';
import type { ResumePosition } from './use-resume-position';

type PlaybackOptions = {
  position: ResumePosition;
  showControls: () => void;
  onPlaybackStarted?: () => void;
  onEnded?: () => void;
};

/**
 * The video's playback state (playing, time, buffering, the notice over it) as its media events report it, with
 * play and seek. Starts playing once the metadata is in, from where the viewer stopped last time.
 */
export function usePlayback(
  videoRef: RefObject<HTMLVideoElement | null>,
  { position, showControls, onPlaybackStarted, onEnded: notifyEnded }: PlaybackOptions,
) {
  const startedRef = useRef(false);
  const [playing, setPlaying] = useState(false);
  const [currentTime, setCurrentTime] = useState(0);
  const [duration, setDuration] = useState(0);
  const [buffered, setBuffered] = useState(0);
  const [waiting, setWaiting] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  const togglePlay = useCallback(() => {
    const video = videoRef.current;
    if (!video) return;
    if (video.paused || video.ended) void video.play().catch(() => undefined);
    else video.pause();
  }, [videoRef]);

  const seekTo = useCallback(
    (time: number) => {
      const video = videoRef.current;
      if (!video) return;
      video.currentTime = clampTime(time, video.duration);
      setCurrentTime(video.currentTime);
    },
    [videoRef],
  );

  const playFrom = (time: number) => {
    seekTo(time);
    const video = videoRef.current;
    if (video?.paused) void video.play().catch(() => undefined);
  };

  const clearMutedNotice = () => setNotice((current) => (current?.startsWith('Playing muted') ? null : current));

  const events = {
    onLoadedMetadata: () => {
      const video = videoRef.current;
      if (!video) return;
      setDuration(video.duration);
      const resumeAt = position.resumeAt(video.duration);
      if (resumeAt !== null) {
        video.currentTime = resumeAt;
        setNotice(`Resumed from ${formatDuration(resumeAt)}`);
        window.setTimeout(() => setNotice(null), 3000);
      }
      void video.play().catch((error: unknown) => {
        // Browsers refuse sound without a gesture; start muted rather than not at all, as video sites do.
        if (!(error instanceof DOMException) || error.name !== 'NotAllowedError') return;
        video.muted = true;
        void video
          .play()
          .then(() => setNotice('Playing muted: press m to unmute'))
          .catch(() => undefined);
      });
    },
    onDurationChange: () => setDuration(videoRef.current?.duration ?? 0),
    onTimeUpdate: () => {
      const video = videoRef.current;
      if (!video) return;
      setCurrentTime(video.currentTime);
      if (video.buffered.length > 0) setBuffered(video.buffered.end(video.buffered.length - 1));
      position.track(video.currentTime);
    },
    onPlaying: () => {
      setPlaying(true);
      setWaiting(false);
      showControls();
      if (!startedRef.current) {
        startedRef.current = true;
        onPlaybackStarted?.();
      }
    },
    onPause: () => {
      setPlaying(false);
      const video = videoRef.current;
      if (video && !video.ended) position.save(video.currentTime);
    },
    onWaiting: () => setWaiting(true),
    onEnded: () => {
      setPlaying(false);
      position.clear();
      notifyEnded?.();
    },
  };

  return { playing, currentTime, duration, buffered, waiting, notice, togglePlay, seekTo, playFrom, clearMutedNotice, events };
}
