import type { Visibility } from '@/types/api';

type VisibilitySelectProps = { id: string; value: Visibility; onChange: (visibility: Visibility) => void; disabled?: boolean };

/** Who may see a video or playlist: everyone, whoever has the link, or only its owner. */
export function VisibilitySelect({ id, value, onChange, disabled }: VisibilitySelectProps) {
  return (
    <select id={id} className="form-select" value={value} disabled={disabled} onChange={(event) => onChange(event.target.value as Visibility)}>
      <option value="public">Public</option>
      <option value="unlisted">Unlisted</option>
      <option value="private">Private</option>
    </select>
  );
}
