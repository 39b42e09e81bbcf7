import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import type { Caption } from '@/types/api';
import { loadCaptionChoice, pickCaption, saveCaptionChoice } from '../utils/captions';

/**
 * The player's captions. Each is a `<track>` in "hidden" mode: the browser loads and times the cues, and the player
 * draws the active cue's lines itself, as text (cue markup never becomes HTML). The viewer's language choice (or
 * "off") is remembered for every video.
 */
export function useCaptions(videoRef: RefObject<HTMLVideoElement | null>, captions: Caption[]) {
  const [choice, setChoice] = useState<string | null>(() => loadCaptionChoice());
  const [lines, setLines] = useState<string[]>([]);
  const lastLanguage = useRef<string | null>(null);
  const shown = pickCaption(captions, choice);

  useEffect(() => {
    const video = videoRef.current;
    setLines([]);
    if (!video) return;
    let active: TextTrack | null = null;
    for (const track of Array.from(video.textTracks ?? [])) {
      const isShown = shown !== null && track.kind === 'subtitles' && track.language === shown.language;
      track.mode = isShown ? 'hidden' : 'disabled';
      if (isShown) active = track;
    }
    if (!active) return;
    const track = active;
    const onCueChange = () => {
      const text = Array.from(track.activeCues ?? []).flatMap((cue) => cueText(cue).split('\n'));
      setLines(text.filter((line) => line.trim().length > 0));
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
    if (captions.length === 0) return;
    if (shown) choose(null);
    else choose(pickCaption(captions, lastLanguage.current)?.language ?? captions[0]!.language);
  }, [captions, shown, choose]);

  return { shown, lines, choose, toggle };
}

/** A cue's words as plain text: the browser parses its WebVTT markup, and only the text is kept. */
function cueText(cue: TextTrackCue): string {
  if ('getCueAsHTML' in cue && typeof (cue as VTTCue).getCueAsHTML === 'function') {
    return (cue as VTTCue).getCueAsHTML().textContent ?? '';
  }
  return 'text' in cue ? String((cue as VTTCue).text).replace(/<[^>]*>/g, '') : '';
}
