import { Icon } from '@/components/ui/icon';
import { exclamationCircleIcon, playFillIcon } from '@/components/ui/icons';

type PlayerOverlaysProps = {
  error: string | null;
  waiting: boolean;
  playing: boolean;
  currentTime: number;
  notice: string | null;
  onPlay: () => void;
};

/** What is drawn over the picture: the error, the buffering spinner, the big play button and the notice. */
export function PlayerOverlays({ error, waiting, playing, currentTime, notice, onPlay }: PlayerOverlaysProps) {
  return (
    <>
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
        <button type="button" className="player-big-play" onClick={onPlay} aria-label="Play video">
          <Icon icon={playFillIcon} />
        </button>
      )}
      {notice && (
        <div className="player-notice" role="status">
          {notice}
        </div>
      )}
    </>
  );
}
