import { useCallback, useEffect, useRef, useState } from 'react';

const HIDE_AFTER_MS = 2500;

/** The controls' visibility: shown on activity, hidden again after a moment without any. */
export function useControlsVisibility() {
  const hideTimer = useRef<number | undefined>(undefined);
  const [controlsVisible, setControlsVisible] = useState(true);

  const showControls = useCallback(() => {
    setControlsVisible(true);
    window.clearTimeout(hideTimer.current);
    hideTimer.current = window.setTimeout(() => setControlsVisible(false), HIDE_AFTER_MS);
  }, []);

  useEffect(() => {
    return () => window.clearTimeout(hideTimer.current);
  }, []);

  return { controlsVisible, showControls };
}
