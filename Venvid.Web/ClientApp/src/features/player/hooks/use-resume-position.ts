import { useEffect, useRef, type RefObject } from 'react';
import { clearPosition, loadPosition, savePosition, shouldResumeAt } from '../utils/resume-position';

const SAVE_EVERY_SECONDS = 5;

/** Where the viewer stopped in this video, saved as it plays, so a later visit resumes there. */
export function useResumePosition(videoRef: RefObject<HTMLVideoElement | null>, videoId: string) {
  const lastSavedRef = useRef(0);

  // Save on leaving (unmount or another video): the last periodic save may be seconds behind.
  useEffect(() => {
    const video = videoRef.current;
    return () => {
      if (video && video.currentTime > 0 && !video.ended) savePosition(videoId, video.currentTime);
    };
  }, [videoRef, videoId]);

  return {
    /** The time to resume at, or null to start from the beginning. */
    resumeAt: (duration: number) => shouldResumeAt(loadPosition(videoId), duration),
    /** Saves the time during playback, once every few seconds. */
    track: (time: number) => {
      if (Math.abs(time - lastSavedRef.current) >= SAVE_EVERY_SECONDS) {
        lastSavedRef.current = time;
        savePosition(videoId, time);
      }
    },
    save: (time: number) => savePosition(videoId, time),
    clear: () => clearPosition(videoId),
  };
}

export type ResumePosition = ReturnType<typeof useResumePosition>;
