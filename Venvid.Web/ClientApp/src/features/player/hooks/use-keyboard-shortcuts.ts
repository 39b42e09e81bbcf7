import { useEffect, type RefObject } from 'react';
import { actionForKey, isTypingTarget } from '../utils/shortcuts';

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
      switch (action) {
        case 'toggle-play':
          togglePlay();
          break;
        case 'back':
          seekTo(video.currentTime - 10);
          break;
        case 'forward':
          seekTo(video.currentTime + 10);
          break;
        case 'back-small':
          seekTo(video.currentTime - 5);
          break;
        case 'forward-small':
          seekTo(video.currentTime + 5);
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
