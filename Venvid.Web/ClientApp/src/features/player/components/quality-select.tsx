import { AUTO_LEVEL, type Level } from '../hooks/use-hls-stream';

type QualitySelectProps = { levels: Level[]; selected: number; active: number | null; onSelect: (level: number) => void };

/** The quality menu: "Auto" (naming the height playing) or a fixed height; none until the stream lists its levels. */
export function QualitySelect({ levels, selected, active, onSelect }: QualitySelectProps) {
  if (levels.length === 0) return null;
  const activeHeight = levels.find((level) => level.index === active)?.height;
  return (
    <select
      className="form-select form-select-sm player-quality"
      aria-label="Quality"
      value={selected}
      onChange={(event) => onSelect(Number(event.target.value))}
    >
      <option value={AUTO_LEVEL}>{activeHeight && selected === AUTO_LEVEL ? `Auto (${activeHeight}p)` : 'Auto'}</option>
      {levels.map((level) => (
        <option key={level.index} value={level.index}>
          {level.height}p
        </option>
      ))}
    </select>
  );
}
