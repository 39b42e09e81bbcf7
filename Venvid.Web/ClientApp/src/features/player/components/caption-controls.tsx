import { Icon } from '@/components/ui/icon';
import { badgeCcFillIcon, badgeCcIcon } from '@/components/ui/icons';
import type { Caption } from '@/types/api';

type CaptionControlsProps = {
  captions: Caption[];
  shown: Caption | null;
  onToggle: () => void;
  onChoose: (language: string | null) => void;
};

/** The captions button, and the language menu when there is more than one language. */
export function CaptionControls({ captions, shown, onToggle, onChoose }: CaptionControlsProps) {
  return (
    <>
      {captions.length > 0 && (
        <button
          type="button"
          className="player-button"
          onClick={onToggle}
          aria-pressed={shown !== null}
          aria-label="Captions (c)"
          data-testid="captions-button"
        >
          <Icon icon={shown ? badgeCcFillIcon : badgeCcIcon} />
        </button>
      )}
      {captions.length > 1 && (
        <select
          className="form-select form-select-sm player-quality"
          aria-label="Caption language"
          value={shown?.language ?? ''}
          onChange={(event) => onChoose(event.target.value || null)}
        >
          <option value="">Off</option>
          {captions.map((caption) => (
            <option key={caption.language} value={caption.language}>
              {caption.label}
            </option>
          ))}
        </select>
      )}
    </>
  );
}
