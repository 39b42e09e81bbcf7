type CaptionCuesProps = { lines: string[]; language: string | undefined };

/** The active cue's lines over the picture, drawn as text. */
export function CaptionCues({ lines, language }: CaptionCuesProps) {
  if (lines.length === 0) return null;
  return (
    <div className="player-captions" data-testid="player-captions" lang={language}>
      {lines.map((line, index) => (
        <span key={index}>{line}</span>
      ))}
    </div>
  );
}
