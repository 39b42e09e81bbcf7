import { useCallback, useEffect, useState, type RefObject } from 'react';

/** Whether the player fills the screen, and the toggle. */
export function useFullscreen(containerRef: RefObject<HTMLElement | null>) {
  const [fullscreen, setFullscreen] = useState(false);

  const toggleFullscreen = useCallback(() => {
    const container = containerRef.current;
    if (!container) return;
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    // iPhone Safari has no element fullscreen (only the video's own), whatever the DOM types say.
    else if ('requestFullscreen' in container) void container.requestFullscreen().catch(() => undefined);
  }, [containerRef]);

  useEffect(() => {
    const onFullscreen = () => setFullscreen(document.fullscreenElement === containerRef.current);
    document.addEventListener('fullscreenchange', onFullscreen);
    return () => document.removeEventListener('fullscreenchange', onFullscreen);
  }, [containerRef]);

  return { fullscreen, toggleFullscreen };
}
