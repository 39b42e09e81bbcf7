import { startTransition, useEffect, useState, type ReactNode } from 'react';

/**
 * Renders `children` once the browser is idle after the page's first paint (at most `timeoutMs` later): for what
 * sits below the player (comments, related videos), so the work of drawing it does not compete with the poster and
 * the player starting. Its data is asked for when it mounts.
 */
export function WhenIdle({ children, timeoutMs = 1500 }: { children: ReactNode; timeoutMs?: number }) {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    const show = () => startTransition(() => setReady(true));
    if (typeof window.requestIdleCallback !== 'function') {
      const timer = window.setTimeout(show, 0);
      return () => window.clearTimeout(timer);
    }
    const handle = window.requestIdleCallback(show, { timeout: timeoutMs });
    return () => window.cancelIdleCallback(handle);
  }, [timeoutMs]);
  return ready ? children : null;
}
