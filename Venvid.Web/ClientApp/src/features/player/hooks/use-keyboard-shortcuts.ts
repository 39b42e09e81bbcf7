import { useEffect, type RefObject } from 'react';
import { SEEK_OFFSETS, actionForKey, isTypingTarget } from '../utils/shortcuts';

type ShortcutActions = {
  togglePlay: () => void;
  seekTo: (time: number) => void;
  toggleMute: () => void;
  toggleFullscreen: () => void;
  toggleCaptions: () => void;
  showControls: () => void;
};

/** The player's keyboard shortcuts, anywhere on the page except while typing. */
export function useKeyboardShortcuts(
  videoRef: RefObject<HTMLVideoElement | null>,
  { togglePlay, seekTo, toggleMute, toggleFullscreen, toggleCaptions, showControls }: ShortcutActions,
) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || isTypingTarget(event.target, event.key)) return;
      const action = actionForKey(event.key);
      const video = videoRef.current;
      if (!action || !video) return;
      event.preventDefault();
      showControls();
      const offset = SEEK_OFFSETS[action];
      if (offset !== undefined) {
        seekTo(video.currentTime + offset);
        return;
      }
      switch (action) {
        case 'toggle-play':
          togglePlay();
          break;
        case 'mute':
          toggleMute();
          break;
        case 'fullscreen':
          toggleFullscreen();
          break;
        case 'captions':
          toggleCaptions();
          break;
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [videoRef, togglePlay, seekTo, toggleMute, toggleFullscreen, toggleCaptions, showControls]);
}
