import type Hls from 'hls.js';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Icon } from '@/components/ui/icon';
import {
  badgeCcFillIcon,
  badgeCcIcon,
  exclamationCircleIcon,
  fullscreenExitIcon,
  fullscreenIcon,
  pauseFillIcon,
  playFillIcon,
  volumeMuteFillIcon,
  volumeUpFillIcon,
} from '@/components/ui/icons';
import { formatDuration } from '@/lib/format';
import type { Caption, Chapter } from '@/types/api';
import { useStoryboard } from '../api/get-storyboard';
import { loadBandwidthEstimate, saveBandwidthEstimate } from '../utils/bandwidth-estimate';
import { useCaptions } from '../hooks/use-captions';
import { chapterAt } from '../utils/captions';
import { whenIdle, whenImageLoaded } from '../utils/image-loaded';
import { clearPosition, loadPosition, savePosition, shouldResumeAt } from '../utils/resume-position';
import { actionForKey, clampTime, isTypingTarget } from '../utils/shortcuts';
import { ChapterList } from './chapter-list';
import { SeekBar } from './seek-bar';
// hls.js's ES module build runs its transmuxer on the page's main thread unless told where its worker script is.
import hlsWorkerUrl from 'hls.js/dist/hls.worker.js?url';

type VideoPlayerProps = {
  videoId: string;
  src: string;
  title: string;
  poster?: string | null;
  storyboardUrl?: string | null;
  captions?: Caption[];
  chapters?: Chapter[];
  /** Called once, the first time playback actually starts. */
  onPlaybackStarted?: () => void;
  /** Called when playback reaches the end (a playlist plays its next video). */
  onEnded?: () => void;
};

type Level = { index: number; height: number; bitrate: number };

const SAVE_EVERY_SECONDS = 5;
const AUTO = -1;

const NO_CAPTIONS: Caption[] = [];
const NO_CHAPTERS: Chapter[] = [];

export function VideoPlayer({
  videoId,
  src,
  title,
  poster,
  storyboardUrl,
  captions = NO_CAPTIONS,
  chapters = NO_CHAPTERS,
  onPlaybackStarted,
  onEnded,
}: VideoPlayerProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const videoRef = useRef<HTMLVideoElement>(null);
  const hlsRef = useRef<Hls | null>(null);
  const startedRef = useRef(false);
  const lastSavedRef = useRef(0);
  const hideTimer = useRef<number | undefined>(undefined);

  const [playing, setPlaying] = useState(false);
  const [currentTime, setCurrentTime] = useState(0);
  const [duration, setDuration] = useState(0);
  const [buffered, setBuffered] = useState(0);
  const [muted, setMuted] = useState(false);
  const [volume, setVolume] = useState(1);
  const [levels, setLevels] = useState<Level[]>([]);
  const [selectedLevel, setSelectedLevel] = useState(AUTO);
  const [activeLevel, setActiveLevel] = useState<number | null>(null);
  const [fullscreen, setFullscreen] = useState(false);
  const [controlsVisible, setControlsVisible] = useState(true);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [waiting, setWaiting] = useState(false);
  const { shown: shownCaption, lines: cueLines, choose: chooseCaption, toggle: toggleCaptions } = useCaptions(videoRef, captions);

  const storyboard = useStoryboard(storyboardUrl);
  // The first poster only: a different size chosen later must not restart the stream.
  const posterRef = useRef(poster);

  // Attach the stream: hls.js where Media Source Extensions exist, the browser's own HLS (Safari) otherwise.
  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    let cancelled = false;
    let hls: Hls | null = null;
    setError(null);
    setLevels([]);

    // The poster is the page's largest paint: let it arrive and be painted before the player library (100 kB of
    // script to download and run) competes with it. Playback starts a moment later, once the library is in.
    void whenImageLoaded(posterRef.current)
      .then(() => whenIdle())
      .then(() => import('hls.js/light'))
      .then(({ default: HlsClass }) => {
        if (cancelled) return;
        if (HlsClass.isSupported()) {
          // Start from the bandwidth this viewer last measured, when there is one (hls.js otherwise guesses 500 kbit/s).
          const estimate = loadBandwidthEstimate();
          hls = new HlsClass({
            capLevelToPlayerSize: true,
            enableWorker: true,
            workerPath: hlsWorkerUrl,
            ...(estimate === undefined ? {} : { abrEwmaDefaultEstimate: estimate }),
          });
          hlsRef.current = hls;
          hls.on(HlsClass.Events.MANIFEST_PARSED, (_event, data) => {
            setLevels(data.levels.map((level, index) => ({ index, height: level.height, bitrate: level.bitrate })).sort((a, b) => b.height - a.height));
          });
          hls.on(HlsClass.Events.LEVEL_SWITCHED, (_event, data) => setActiveLevel(data.level));
          hls.on(HlsClass.Events.ERROR, (_event, data) => {
            if (!data.fatal || !hls) return;
            if (data.type === HlsClass.ErrorTypes.NETWORK_ERROR) hls.startLoad();
            else if (data.type === HlsClass.ErrorTypes.MEDIA_ERROR) hls.recoverMediaError();
            else setError('This video could not be played.');
          });
          hls.loadSource(src);
          hls.attachMedia(video);
        } else if (video.canPlayType('application/vnd.apple.mpegurl')) {
          video.src = src;
        } else {
          setError('This browser cannot play this video.');
        }
      })
      .catch(() => setError('The player failed to load.'));

    return () => {
      cancelled = true;
      if (hls) saveBandwidthEstimate(hls.bandwidthEstimate);
      hls?.destroy();
      hlsRef.current = null;
    };
  }, [src]);

  // Persist the position so a later visit resumes where this one stopped.
  useEffect(() => {
    const video = videoRef.current;
    return () => {
      if (video && video.currentTime > 0 && !video.ended) savePosition(videoId, video.currentTime);
    };
  }, [videoId]);

  const togglePlay = useCallback(() => {
    const video = videoRef.current;
    if (!video) return;
    if (video.paused || video.ended) void video.play().catch(() => undefined);
    else video.pause();
  }, []);

  const seekTo = useCallback((time: number) => {
    const video = videoRef.current;
    if (!video) return;
    video.currentTime = clampTime(time, video.duration);
    setCurrentTime(video.currentTime);
  }, []);

  const toggleMute = useCallback(() => {
    const video = videoRef.current;
    if (video) video.muted = !video.muted;
  }, []);

  const toggleFullscreen = useCallback(() => {
    const container = containerRef.current;
    if (!container) return;
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    // iPhone Safari has no element fullscreen (only the video's own), whatever the DOM types say.
    else if ('requestFullscreen' in container) void container.requestFullscreen().catch(() => undefined);
  }, []);

  const showControls = useCallback(() => {
    setControlsVisible(true);
    window.clearTimeout(hideTimer.current);
    hideTimer.current = window.setTimeout(() => setControlsVisible(false), 2500);
  }, []);

  useEffect(() => {
    return () => window.clearTimeout(hideTimer.current);
  }, []);

  useEffect(() => {
    const onFullscreen = () => setFullscreen(document.fullscreenElement === containerRef.current);
    document.addEventListener('fullscreenchange', onFullscreen);
    return () => document.removeEventListener('fullscreenchange', onFullscreen);
  }, []);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || isTypingTarget(event.target, event.key)) return;
      const action = actionForKey(event.key);
      const video = videoRef.current;
      if (!action || !video) return;
      event.preventDefault();
      showControls();
      switch (action) {
        case 'toggle-play':
          togglePlay();
          break;
        case 'back':
          seekTo(video.currentTime - 10);
          break;
        case 'forward':
          seekTo(video.currentTime + 10);
          break;
        case 'back-small':
          seekTo(video.currentTime - 5);
          break;
        case 'forward-small':
          seekTo(video.currentTime + 5);
          break;
        case 'mute':
          toggleMute();
          break;
        case 'fullscreen':
          toggleFullscreen();
          break;
        case 'captions':
          toggleCaptions();
          break;
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [togglePlay, seekTo, toggleMute, toggleFullscreen, toggleCaptions, showControls]);

  const onLoadedMetadata = () => {
    const video = videoRef.current;
    if (!video) return;
    setDuration(video.duration);
    const resumeAt = shouldResumeAt(loadPosition(videoId), video.duration);
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
  };

  const onTimeUpdate = () => {
    const video = videoRef.current;
    if (!video) return;
    setCurrentTime(video.currentTime);
    if (video.buffered.length > 0) setBuffered(video.buffered.end(video.buffered.length - 1));
    if (Math.abs(video.currentTime - lastSavedRef.current) >= SAVE_EVERY_SECONDS) {
      lastSavedRef.current = video.currentTime;
      savePosition(videoId, video.currentTime);
    }
  };

  const onPlaying = () => {
    setPlaying(true);
    setWaiting(false);
    showControls();
    if (!startedRef.current) {
      startedRef.current = true;
      onPlaybackStarted?.();
    }
  };

  const selectLevel = (level: number) => {
    setSelectedLevel(level);
    const hls = hlsRef.current;
    if (hls) hls.currentLevel = level;
  };

  const activeHeight = levels.find((level) => level.index === activeLevel)?.height;
  const currentChapter = chapters.length > 0 ? chapterAt(chapters, currentTime) : null;
  const controlsShown = controlsVisible || !playing;

  return (
    <>
      <div
        ref={containerRef}
        className={`player ratio ratio-16x9 bg-black rounded-3 overflow-hidden${fullscreen ? ' is-fullscreen' : ''}${controlsShown ? '' : ' controls-hidden'}`}
        onPointerMove={showControls}
        data-testid="video-player"
      >
        <div>
          {/* eslint-disable-next-line jsx-a11y/media-has-caption -- its <track>s are the video's uploaded captions, listed below; a video may have none */}
          <video
            ref={videoRef}
            className="player-video"
            poster={poster ?? undefined}
            playsInline
            preload="metadata"
            aria-label={title}
            onClick={togglePlay}
            onDoubleClick={toggleFullscreen}
            onLoadedMetadata={onLoadedMetadata}
            onDurationChange={() => setDuration(videoRef.current?.duration ?? 0)}
            onTimeUpdate={onTimeUpdate}
            onPlaying={onPlaying}
            onPause={() => {
              setPlaying(false);
              const video = videoRef.current;
              if (video && !video.ended) savePosition(videoId, video.currentTime);
            }}
            onWaiting={() => setWaiting(true)}
            onEnded={() => {
              setPlaying(false);
              clearPosition(videoId);
              onEnded?.();
            }}
            onVolumeChange={() => {
              const video = videoRef.current;
              if (!video) return;
              setMuted(video.muted);
              setVolume(video.volume);
              if (!video.muted) setNotice((current) => (current?.startsWith('Playing muted') ? null : current));
            }}
          >
            {captions.map((caption) => (
              <track key={caption.url} kind="subtitles" src={caption.url} srcLang={caption.language} label={caption.label} />
            ))}
          </video>
          {cueLines.length > 0 && (
            <div className="player-captions" data-testid="player-captions" lang={shownCaption?.language}>
              {cueLines.map((line, index) => (
                <span key={index}>{line}</span>
              ))}
            </div>
          )}

          {error && (
            <div className="player-overlay text-white text-center p-3" role="alert">
              <div className="fs-1 mb-2">
                <Icon icon={exclamationCircleIcon} />
              </div>
              {error}
            </div>
          )}
          {!error && waiting && playing && (
            <div className="player-overlay pe-none">
              <div className="spinner-border text-light" role="status">
                <span className="visually-hidden">Buffering…</span>
              </div>
            </div>
          )}
          {!error && !playing && currentTime === 0 && (
            <button type="button" className="player-big-play" onClick={togglePlay} aria-label="Play video">
              <Icon icon={playFillIcon} />
            </button>
          )}
          {notice && (
            <div className="player-notice" role="status">
              {notice}
            </div>
          )}

          <div className="player-controls">
            <SeekBar currentTime={currentTime} duration={duration} buffered={buffered} cues={storyboard.data ?? []} chapters={chapters} onSeek={seekTo} />
            <div className="d-flex align-items-center gap-1 px-2 pb-1">
              <button type="button" className="player-button" onClick={togglePlay} aria-label={playing ? 'Pause (k)' : 'Play (k)'}>
                <Icon icon={playing ? pauseFillIcon : playFillIcon} />
              </button>
              <button type="button" className="player-button" onClick={toggleMute} aria-label={muted ? 'Unmute (m)' : 'Mute (m)'}>
                <Icon icon={muted || volume === 0 ? volumeMuteFillIcon : volumeUpFillIcon} />
              </button>
              <input
                type="range"
                className="player-volume d-none d-sm-block"
                min={0}
                max={1}
                step={0.05}
                value={muted ? 0 : volume}
                aria-label="Volume"
                onChange={(event) => {
                  const video = videoRef.current;
                  if (!video) return;
                  video.volume = Number(event.target.value);
                  video.muted = video.volume === 0;
                }}
              />
              <span className="player-time small ms-2" aria-live="off">
                {formatDuration(currentTime)} / {formatDuration(Number.isFinite(duration) ? duration : 0)}
              </span>
              {currentChapter && <span className="player-chapter small ms-2 text-truncate d-none d-sm-inline">· {currentChapter.title}</span>}
              <span className="flex-grow-1" />
              {captions.length > 0 && (
                <button
                  type="button"
                  className="player-button"
                  onClick={toggleCaptions}
                  aria-pressed={shownCaption !== null}
                  aria-label="Captions (c)"
                  data-testid="captions-button"
                >
                  <Icon icon={shownCaption ? badgeCcFillIcon : badgeCcIcon} />
                </button>
              )}
              {captions.length > 1 && (
                <select
                  className="form-select form-select-sm player-quality"
                  aria-label="Caption language"
                  value={shownCaption?.language ?? ''}
                  onChange={(event) => chooseCaption(event.target.value || null)}
                >
                  <option value="">Off</option>
                  {captions.map((caption) => (
                    <option key={caption.language} value={caption.language}>
                      {caption.label}
                    </option>
                  ))}
                </select>
              )}
              {levels.length > 0 && (
                <select
                  className="form-select form-select-sm player-quality"
                  aria-label="Quality"
                  value={selectedLevel}
                  onChange={(event) => selectLevel(Number(event.target.value))}
                >
                  <option value={AUTO}>{activeHeight && selectedLevel === AUTO ? `Auto (${activeHeight}p)` : 'Auto'}</option>
                  {levels.map((level) => (
                    <option key={level.index} value={level.index}>
                      {level.height}p
                    </option>
                  ))}
                </select>
              )}
              <button type="button" className="player-button" onClick={toggleFullscreen} aria-label={fullscreen ? 'Exit full screen (f)' : 'Full screen (f)'}>
                <Icon icon={fullscreen ? fullscreenExitIcon : fullscreenIcon} />
              </button>
            </div>
          </div>
        </div>
      </div>
      {chapters.length > 0 && (
        <ChapterList
          chapters={chapters}
          current={currentChapter}
          onChoose={(chapter) => {
            seekTo(chapter.startSeconds);
            const video = videoRef.current;
            if (video?.paused) void video.play().catch(() => undefined);
          }}
        />
      )}
    </>
  );
}
