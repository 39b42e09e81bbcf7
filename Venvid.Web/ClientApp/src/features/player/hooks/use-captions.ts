import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import type { Caption } from '@/types/api';
import { loadCaptionChoice, pickCaption, saveCaptionChoice } from '../utils/captions';

const NO_CUES: { caption: Caption | null; lines: string[] } = { caption: null, lines: [] };

/**
 * The player's captions. Each is a `<track>` in "hidden" mode: the browser loads and times the cues, and the player
 * draws the active cue's lines itself, as text (cue markup never becomes HTML). The viewer's language choice (or
 * "off") is remembered for every video.
 */
export function useCaptions(videoRef: RefObject<HTMLVideoElement | null>, captions: Caption[]) {
  const [choice, setChoice] = useState<string | null>(() => loadCaptionChoice());
  // The cue lines of the caption they were read from: a caption just chosen shows none until its track reports.
  const [cues, setCues] = useState<{ caption: Caption | null; lines: string[] }>(NO_CUES);
  const lastLanguage = useRef<string | null>(null);
  const shown = pickCaption(captions, choice);
  const lines = shown !== null && cues.caption === shown ? cues.lines : NO_CUES.lines;

  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    let active: TextTrack | null = null;
    for (const track of Array.from(video.textTracks)) {
      const isShown = shown !== null && track.kind === 'subtitles' && track.language === shown.language;
      track.mode = isShown ? 'hidden' : 'disabled';
      if (isShown) active = track;
    }
    if (!active) return;
    const track = active;
    const onCueChange = () => {
      const text = Array.from(track.activeCues ?? []).flatMap((cue) => cueText(cue).split('\n'));
      setCues({ caption: shown, lines: text.filter((line) => line.trim().length > 0) });
    };
    onCueChange();
    track.addEventListener('cuechange', onCueChange);
    return () => track.removeEventListener('cuechange', onCueChange);
  }, [videoRef, shown]);

  const choose = useCallback((language: string | null) => {
    if (language) lastLanguage.current = language;
    setChoice(language ?? '');
    saveCaptionChoice(language);
  }, []);

  const toggle = useCallback(() => {
    const first = captions[0];
    if (!first) return;
    if (shown) choose(null);
    else choose(pickCaption(captions, lastLanguage.current)?.language ?? first.language);
  }, [captions, shown, choose]);

  return { shown, lines, choose, toggle };
}

/** A cue's words as plain text: the browser parses its WebVTT markup, and only the text is kept. */
function cueText(cue: TextTrackCue): string {
  if ('getCueAsHTML' in cue && typeof (cue as VTTCue).getCueAsHTML === 'function') {
    return (cue as VTTCue).getCueAsHTML().textContent;
  }
  return 'text' in cue ? (cue as VTTCue).text.replace(/<[^>]*>/g, '') : '';
}
