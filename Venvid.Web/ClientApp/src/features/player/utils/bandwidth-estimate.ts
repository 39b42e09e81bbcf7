// The viewer's last measured bandwidth, so the next video starts at the rendition that connection can carry
// instead of at hls.js's fixed 500 kbit/s guess (the lowest rung), and climbs from there.
const KEY = 'venvid.bandwidth';
const MAX_AGE_MS = 7 * 24 * 3600 * 1000;
const MIN_BPS = 100_000;
const MAX_BPS = 1_000_000_000;

type Saved = { bps: number; at: number };

export function loadBandwidthEstimate(now = Date.now(), storage: Storage = localStorage): number | undefined {
  try {
    const saved = JSON.parse(storage.getItem(KEY) ?? 'null') as Partial<Saved> | null;
    if (!saved || typeof saved.bps !== 'number' || typeof saved.at !== 'number') return undefined;
    if (!Number.isFinite(saved.bps) || saved.bps < MIN_BPS || saved.bps > MAX_BPS) return undefined;
    // A week-old measurement may come from another network: start cautious again.
    if (now - saved.at > MAX_AGE_MS || saved.at > now) return undefined;
    return saved.bps;
  } catch {
    return undefined;
  }
}

export function saveBandwidthEstimate(bps: number, now = Date.now(), storage: Storage = localStorage): void {
  if (!Number.isFinite(bps) || bps < MIN_BPS || bps > MAX_BPS) return;
  try {
    storage.setItem(KEY, JSON.stringify({ bps: Math.round(bps), at: now } satisfies Saved));
  } catch {
    // Storage full or blocked: a good first guess is a nicety.
  }
}
