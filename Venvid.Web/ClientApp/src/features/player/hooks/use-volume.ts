import { useCallback, useState, type RefObject } from 'react';

/** The video's volume and mute, as its volumechange events report them. */
export function useVolume(videoRef: RefObject<HTMLVideoElement | null>, onUnmuted: () => void) {
  const [muted, setMuted] = useState(false);
  const [volume, setVolume] = useState(1);

  const toggleMute = useCallback(() => {
    const video = videoRef.current;
    if (video) video.muted = !video.muted;
  }, [videoRef]);

  const changeVolume = (value: number) => {
    const video = videoRef.current;
    if (!video) return;
    video.volume = value;
    video.muted = video.volume === 0;
  };

  const onVolumeChange = () => {
    const video = videoRef.current;
    if (!video) return;
    setMuted(video.muted);
    setVolume(video.volume);
    if (!video.muted) onUnmuted();
  };

  return { muted, volume, toggleMute, changeVolume, onVolumeChange };
}
