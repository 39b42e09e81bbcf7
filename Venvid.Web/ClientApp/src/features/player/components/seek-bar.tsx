import { useRef, useState, type PointerEvent } from 'react';
import { formatDuration } from '@/lib/format';
import type { Chapter } from '@/types/api';
import { chapterAt } from '../utils/captions';
import { findCue, type StoryboardCue } from '../utils/storyboard';

type SeekBarProps = {
  currentTime: number;
  duration: number;
  buffered: number;
  cues: StoryboardCue[];
  chapters?: Chapter[];
  onSeek: (time: number) => void;
};

const PREVIEW_MAX_WIDTH = 180;

/** The seek slider, with chapter marks, and a storyboard thumbnail, the chapter and the time above the pointer while hovering. */
export function SeekBar({ currentTime, duration, buffered, cues, chapters = [], onSeek }: SeekBarProps) {
  const trackRef = useRef<HTMLDivElement>(null);
  const [hover, setHover] = useState<{ time: number; x: number; width: number } | null>(null);
  const safeDuration = Number.isFinite(duration) && duration > 0 ? duration : 0;

  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const rect = trackRef.current?.getBoundingClientRect();
    if (!rect || rect.width === 0 || safeDuration === 0) return;
    const ratio = Math.min(1, Math.max(0, (event.clientX - rect.left) / rect.width));
    setHover({ time: ratio * safeDuration, x: ratio * rect.width, width: rect.width });
  };

  const cue = hover ? findCue(cues, hover.time) : null;
  const hoverChapter = hover ? chapterAt(chapters, hover.time) : null;
  const scale = cue ? Math.min(1, PREVIEW_MAX_WIDTH / cue.w) : 1;
  const previewWidth = cue ? cue.w * scale : 64;
  const left = hover ? Math.min(Math.max(0, hover.x - previewWidth / 2), Math.max(0, hover.width - previewWidth)) : 0;

  return (
    <div className="player-seek" ref={trackRef} onPointerMove={onPointerMove} onPointerLeave={() => setHover(null)}>
      <div className="player-seek-buffered" style={{ width: safeDuration ? `${(buffered / safeDuration) * 100}%` : 0 }} />
      <input
        type="range"
        className="player-seek-input"
        min={0}
        max={safeDuration || 0}
        step={0.1}
        value={Math.min(currentTime, safeDuration || currentTime)}
        aria-label="Seek"
        aria-valuetext={`${formatDuration(currentTime)} of ${formatDuration(safeDuration)}`}
        onChange={(event) => onSeek(Number(event.target.value))}
        style={{ ['--progress' as string]: safeDuration ? `${(currentTime / safeDuration) * 100}%` : '0%' }}
      />
      {safeDuration > 0 &&
        chapters
          .filter((chapter) => chapter.startSeconds > 0 && chapter.startSeconds < safeDuration)
          .map((chapter) => (
            <span
              key={chapter.startSeconds}
              className="player-seek-chapter"
              style={{ left: `${(chapter.startSeconds / safeDuration) * 100}%` }}
              aria-hidden="true"
              data-testid="chapter-mark"
            />
          ))}
      {hover && (
        <div className="player-preview" style={{ left, width: previewWidth }} aria-hidden="true" data-testid="seek-preview">
          {cue && (
            <div className="player-preview-frame" style={{ width: cue.w * scale, height: cue.h * scale }}>
              <div
                className="player-preview-image"
                style={{
                  width: cue.w,
                  height: cue.h,
                  backgroundImage: `url("${cue.url}")`,
                  backgroundPosition: `-${cue.x}px -${cue.y}px`,
                  transform: `scale(${scale})`,
                }}
              />
            </div>
          )}
          {hoverChapter && <div className="player-preview-chapter text-truncate">{hoverChapter.title}</div>}
          <div className="player-preview-time">{formatDuration(hover.time)}</div>
        </div>
      )}
    </div>
  );
}
