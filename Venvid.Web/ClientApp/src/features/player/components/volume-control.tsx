import { Icon } from '@/components/ui/icon';
import { volumeMuteFillIcon, volumeUpFillIcon } from '@/components/ui/icons';

type VolumeControlProps = { muted: boolean; volume: number; onToggleMute: () => void; onChange: (volume: number) => void };

/** The mute button and, on wider screens, the volume slider. */
export function VolumeControl({ muted, volume, onToggleMute, onChange }: VolumeControlProps) {
  return (
    <>
      <button type="button" className="player-button" onClick={onToggleMute} aria-label={muted ? 'Unmute (m)' : 'Mute (m)'}>
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
        onChange={(event) => onChange(Number(event.target.value))}
      />
    </>
  );
}
