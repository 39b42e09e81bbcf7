import type Hls from 'hls.js';
import { useEffect, useRef, useState, type RefObject } from 'react';
import { loadBandwidthEstimate, saveBandwidthEstimate } from '../utils/bandwidth-estimate';
import { whenIdle, whenImageLoaded } from '../utils/image-loaded';
// hls.js's ES module build runs its transmuxer on the page's main thread unless told where its worker script is.
import hlsWorkerUrl from 'hls.js/dist/hls.worker.js?url';

export type Level = { index: number; height: number; bitrate: number };

/** hls.js's "let the player choose" level. */
export const AUTO_LEVEL = -1;

/**
 * The stream attached to the video: hls.js where Media Source Extensions exist, the browser's own HLS (Safari)
 * otherwise. Also its quality levels, the one playing, the one the viewer chose, and why it cannot play, if so.
 */
export function useHlsStream(videoRef: RefObject<HTMLVideoElement | null>, src: string, poster: string | null | undefined) {
  const hlsRef = useRef<Hls | null>(null);
  const [levels, setLevels] = useState<Level[]>([]);
  const [selectedLevel, setSelectedLevel] = useState(AUTO_LEVEL);
  const [activeLevel, setActiveLevel] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The first poster only: a different size chosen later must not restart the stream.
  const posterRef = useRef(poster);

  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    let cancelled = false;
    let hls: Hls | null = null;
    setError(null);
    setLevels([]);

    // The poster is the page's largest paint: let it arrive and be painted before the player library (100 kB of
    // script to download and run) competes with it. Playback starts a moment later, once the library is in.
    void whenImageLoaded(posterRef.current)
      .then(() => whenIdle())
      .then(() => import('hls.js/light'))
      .then(({ default: HlsClass }) => {
        if (cancelled) return;
        if (HlsClass.isSupported()) {
          // Start from the bandwidth this viewer last measured, when there is one (hls.js otherwise guesses 500 kbit/s).
          const estimate = loadBandwidthEstimate();
          hls = new HlsClass({
            capLevelToPlayerSize: true,
            enableWorker: true,
            workerPath: hlsWorkerUrl,
            ...(estimate === undefined ? {} : { abrEwmaDefaultEstimate: estimate }),
          });
          hlsRef.current = hls;
          hls.on(HlsClass.Events.MANIFEST_PARSED, (_event, data) => {
            setLevels(data.levels.map((level, index) => ({ index, height: level.height, bitrate: level.bitrate })).sort((a, b) => b.height - a.height));
          });
          hls.on(HlsClass.Events.LEVEL_SWITCHED, (_event, data) => setActiveLevel(data.level));
          hls.on(HlsClass.Events.ERROR, (_event, data) => {
            if (!data.fatal || !hls) return;
            if (data.type === HlsClass.ErrorTypes.NETWORK_ERROR) hls.startLoad();
            else if (data.type === HlsClass.ErrorTypes.MEDIA_ERROR) hls.recoverMediaError();
            else setError('This video could not be played.');
          });
          hls.loadSource(src);
          hls.attachMedia(video);
        } else if (video.canPlayType('application/vnd.apple.mpegurl')) {
          video.src = src;
        } else {
          setError('This browser cannot play this video.');
        }
      })
      .catch(() => setError('The player failed to load.'));

    return () => {
      cancelled = true;
      if (hls) saveBandwidthEstimate(hls.bandwidthEstimate);
      hls?.destroy();
      hlsRef.current = null;
    };
  }, [videoRef, src]);

  const selectLevel = (level: number) => {
    setSelectedLevel(level);
    const hls = hlsRef.current;
    if (hls) hls.currentLevel = level;
  };

  return { levels, selectedLevel, activeLevel, error, selectLevel };
}
