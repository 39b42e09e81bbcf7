const key = (videoId: string) => `venvid.position.${videoId}`;

/** Not worth resuming within the first or last few seconds. */
const MARGIN_SECONDS = 5;

export function shouldResumeAt(saved: number | null, duration: number): number | null {
  if (saved === null || !Number.isFinite(saved) || saved < MARGIN_SECONDS) return null;
  if (Number.isFinite(duration) && duration > 0 && saved > duration - MARGIN_SECONDS) return null;
  return saved;
}

export function loadPosition(videoId: string, storage: Storage = localStorage): number | null {
  const value = Number(storage.getItem(key(videoId)));
  return storage.getItem(key(videoId)) === null || Number.isNaN(value) ? null : value;
}

export function savePosition(videoId: string, seconds: number, storage: Storage = localStorage): void {
  try {
    storage.setItem(key(videoId), seconds.toFixed(1));
  } catch {
    // Storage full or blocked: resuming is a nicety.
  }
}

export function clearPosition(videoId: string, storage: Storage = localStorage): void {
  storage.removeItem(key(videoId));
}
