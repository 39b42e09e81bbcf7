export type PlayerAction = 'toggle-play' | 'back' | 'forward' | 'fullscreen' | 'mute' | 'captions' | 'back-small' | 'forward-small';

/** YouTube-style keys: k/space play-pause, j/l ±10 s, ←/→ ±5 s, f fullscreen, m mute, c captions. */
export function actionForKey(key: string): PlayerAction | null {
  switch (key.toLowerCase()) {
    case 'k':
    case ' ':
      return 'toggle-play';
    case 'j':
      return 'back';
    case 'l':
      return 'forward';
    case 'arrowleft':
      return 'back-small';
    case 'arrowright':
      return 'forward-small';
    case 'f':
      return 'fullscreen';
    case 'm':
      return 'mute';
    case 'c':
      return 'captions';
    default:
      return null;
  }
}

/** How far the seeking actions move the playhead, in seconds. */
export const SEEK_OFFSETS: Partial<Record<PlayerAction, number>> = { back: -10, forward: 10, 'back-small': -5, 'forward-small': 5 };

/** Typing in a field, or pressing a key on a control that handles it itself, must not drive the player. */
export function isTypingTarget(target: EventTarget | null, key: string): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (target as HTMLInputElement).type;
    // The seek slider handles arrows itself but letters are free.
    return type !== 'range' || key.startsWith('Arrow') || key === ' ';
  }
  return (tag === 'BUTTON' || tag === 'A') && (key === ' ' || key === 'Enter');
}

export function clampTime(time: number, duration: number): number {
  const max = Number.isFinite(duration) && duration > 0 ? duration : Number.POSITIVE_INFINITY;
  return Math.min(Math.max(0, time), max);
}
