export type StoryboardCue = { start: number; end: number; url: string; x: number; y: number; w: number; h: number };

/** "01:02:03.456" or "02:03.456" → seconds. */
export function parseVttTime(value: string): number {
  const parts = value.trim().split(':').map(Number);
  if (parts.some((n) => Number.isNaN(n))) return Number.NaN;
  return parts.reduce((total, part) => total * 60 + part, 0);
}

/**
 * Parses a storyboard WebVTT file whose cue payloads are `sprite.jpg#xywh=x,y,w,h`. Image paths are resolved
 * against the VTT's own URL, so a relative `sprite.jpg` lands next to the storyboard.
 */
export function parseStoryboardVtt(
  text: string,
  vttUrl: string,
  origin: string = typeof location === 'undefined' ? 'http://localhost' : location.origin,
): StoryboardCue[] {
  const base = new URL(vttUrl, origin);
  const cues: StoryboardCue[] = [];
  const blocks = text.replace(/\r\n?/g, '\n').split(/\n{2,}/);
  for (const block of blocks) {
    const lines = block
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    const timingIndex = lines.findIndex((line) => line.includes('-->'));
    if (timingIndex < 0) continue;
    const [startText, rest] = (lines[timingIndex] ?? '').split('-->');
    const endText = rest?.trim().split(/\s+/)[0] ?? '';
    const payload = lines[timingIndex + 1];
    if (!startText || !payload) continue;
    const match = /^(.*)#xywh=(\d+),(\d+),(\d+),(\d+)$/.exec(payload);
    if (!match) continue;
    const [, path = '', x = '0', y = '0', w = '0', h = '0'] = match;
    const start = parseVttTime(startText);
    const end = parseVttTime(endText);
    if (Number.isNaN(start) || Number.isNaN(end)) continue;
    const resolved = new URL(path, base);
    cues.push({ start, end, url: resolved.origin === origin ? resolved.pathname + resolved.search : resolved.href, x: +x, y: +y, w: +w, h: +h });
  }
  return cues.sort((a, b) => a.start - b.start);
}

/** The cue showing at `time` (binary search; cues are sorted and do not overlap). */
export function findCue(cues: StoryboardCue[], time: number): StoryboardCue | null {
  let low = 0;
  let high = cues.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const cue = cues[mid];
    if (!cue) break;
    if (time < cue.start) high = mid - 1;
    else if (time >= cue.end) low = mid + 1;
    else return cue;
  }
  // Past the last cue's end (rounding at the tail): show the last frame.
  const last = cues.at(-1);
  return last && time >= last.start ? last : null;
}
