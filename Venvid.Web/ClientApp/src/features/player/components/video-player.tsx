import { useRef } from 'react';
import { Icon } from '@/components/ui/icon';
import { fullscreenExitIcon, fullscreenIcon, pauseFillIcon, playFillIcon } from '@/components/ui/icons';
import { formatDuration } from '@/lib/format';
import type { Caption, Chapter } from '@/types/api';
import { useStoryboard } from '../api/get-storyboard';
import { useCaptions } from '../hooks/use-captions';
import { useControlsVisibility } from '../hooks/use-controls-visibility';
import { useFullscreen } from '../hooks/use-fullscreen';
import { useHlsStream } from '../hooks/use-hls-stream';
import { useKeyboardShortcuts } from '../hooks/use-keyboard-shortcuts';
import { usePlayback } from '../hooks/use-playback';
import { useResumePosition } from '../hooks/use-resume-position';
import { useVolume } from '../hooks/use-volume';
import { chapterAt } from '../utils/captions';
import { CaptionControls } from './caption-controls';
import { CaptionCues } from './caption-cues';
import { ChapterList } from './chapter-list';
import { PlayerOverlays } from './player-overlays';
import { QualitySelect } from './quality-select';
import { SeekBar } from './seek-bar';
import { VolumeControl } from './volume-control';

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
  // Call order matters: effects run and clean up in it (the stream detaches before the position is saved).
  const { shown: shownCaption, lines: cueLines, choose: chooseCaption, toggle: toggleCaptions } = useCaptions(videoRef, captions);
  const storyboard = useStoryboard(storyboardUrl);
  const stream = useHlsStream(videoRef, src, poster);
  const position = useResumePosition(videoRef, videoId);
  const { controlsVisible, showControls } = useControlsVisibility();
  const { fullscreen, toggleFullscreen } = useFullscreen(containerRef);
  const playback = usePlayback(videoRef, { position, showControls, onPlaybackStarted, onEnded });
  const { playing, currentTime, duration, togglePlay, seekTo } = playback;
  const { muted, volume, toggleMute, changeVolume, onVolumeChange } = useVolume(videoRef, playback.clearMutedNotice);
  useKeyboardShortcuts(videoRef, { togglePlay, seekTo, toggleMute, toggleFullscreen, toggleCaptions, showControls });

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
            {...playback.events}
            onVolumeChange={onVolumeChange}
          >
            {captions.map((caption) => (
              <track key={caption.url} kind="subtitles" src={caption.url} srcLang={caption.language} label={caption.label} />
            ))}
          </video>
          <CaptionCues lines={cueLines} language={shownCaption?.language} />
          <PlayerOverlays
            error={stream.error}
            waiting={playback.waiting}
            playing={playing}
            currentTime={currentTime}
            notice={playback.notice}
            onPlay={togglePlay}
          />

          <div className="player-controls">
            <SeekBar
              currentTime={currentTime}
              duration={duration}
              buffered={playback.buffered}
              cues={storyboard.data ?? []}
              chapters={chapters}
              onSeek={seekTo}
            />
            <div className="d-flex align-items-center gap-1 px-2 pb-1">
              <button type="button" className="player-button" onClick={togglePlay} aria-label={playing ? 'Pause (k)' : 'Play (k)'}>
                <Icon icon={playing ? pauseFillIcon : playFillIcon} />
              </button>
              <VolumeControl muted={muted} volume={volume} onToggleMute={toggleMute} onChange={changeVolume} />
              <span className="player-time small ms-2" aria-live="off">
                {formatDuration(currentTime)} / {formatDuration(Number.isFinite(duration) ? duration : 0)}
              </span>
              {currentChapter && <span className="player-chapter small ms-2 text-truncate d-none d-sm-inline">· {currentChapter.title}</span>}
              <span className="flex-grow-1" />
              <CaptionControls captions={captions} shown={shownCaption} onToggle={toggleCaptions} onChoose={chooseCaption} />
              <QualitySelect levels={stream.levels} selected={stream.selectedLevel} active={stream.activeLevel} onSelect={stream.selectLevel} />
              <button type="button" className="player-button" onClick={toggleFullscreen} aria-label={fullscreen ? 'Exit full screen (f)' : 'Full screen (f)'}>
                <Icon icon={fullscreen ? fullscreenExitIcon : fullscreenIcon} />
              </button>
            </div>
          </div>
        </div>
      </div>
      {chapters.length > 0 && <ChapterList chapters={chapters} current={currentChapter} onChoose={(chapter) => playback.playFrom(chapter.startSeconds)} />}
    </>
  );
}
