const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });

/** 125000 → "125K", 1900 → "1.9K", 1250000 → "1.3M". */
export function formatCompact(value: number): string {
  return compact.format(value);
}

export function formatCount(value: number, singular: string, plural = `${singular}s`): string {
  return `${formatCompact(value)} ${value === 1 ? singular : plural}`;
}

/** "125K views · 3K likes" */
export function formatStats(viewCount: number, likeCount: number): string {
  return `${formatCount(viewCount, 'view')} · ${formatCount(likeCount, 'like')}`;
}

/** 745 → "12:45", 65 → "1:05", 3725 → "1:02:05". */
export function formatDuration(totalSeconds: number): string {
  const safe = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(safe / 3600);
  const minutes = Math.floor((safe % 3600) / 60);
  const seconds = safe % 60;
  const ss = String(seconds).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${ss}` : `${minutes}:${ss}`;
}

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];
const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "3 days ago", "just now". */
export function formatRelativeTime(iso: string, now: number = Date.now()): string {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  }
  return 'just now';
}

/** 1536 → "1.5 KB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let index = 0;
  while (value >= 1024 && index < units.length - 1) {
    value /= 1024;
    index += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[index]}`;
}

/** Seconds left as "2 min 5 s" / "12 s". */
export function formatEta(seconds: number): string {
  if (!Number.isFinite(seconds)) return '—';
  const safe = Math.max(0, Math.round(seconds));
  if (safe >= 3600) return `${Math.floor(safe / 3600)} h ${Math.floor((safe % 3600) / 60)} min`;
  if (safe >= 60) return `${Math.floor(safe / 60)} min ${safe % 60} s`;
  return `${safe} s`;
}
