import type { Caption, Chapter } from '@/types/api';

const CAPTIONS_KEY = 'venvid.captions';

/** The language the viewer last chose ('' = captions off), or null when they never chose. */
export function loadCaptionChoice(): string | null {
  try {
    return window.localStorage.getItem(CAPTIONS_KEY);
  } catch {
    return null;
  }
}

export function saveCaptionChoice(language: string | null): void {
  try {
    window.localStorage.setItem(CAPTIONS_KEY, language ?? '');
  } catch {
    // Storage refused (private mode, quota): the choice lasts for this page only.
  }
}

/**
 * Which of a video's captions to show: the remembered language, else one of the same base language
 * (a viewer who chose "fr" gets "fr-CA"); nothing when the viewer turned captions off or never turned them on.
 */
export function pickCaption(captions: Caption[], choice: string | null): Caption | null {
  if (!choice) return null;
  const exact = captions.find((caption) => caption.language.toLowerCase() === choice.toLowerCase());
  if (exact) return exact;
  const base = choice.split('-')[0]!.toLowerCase();
  return captions.find((caption) => caption.language.split('-')[0]!.toLowerCase() === base) ?? null;
}

/** The chapter playing at `time`: the last one starting at or before it. */
export function chapterAt(chapters: Chapter[], time: number): Chapter | null {
  let current: Chapter | null = null;
  for (const chapter of chapters) {
    if (chapter.startSeconds <= time) current = chapter;
    else break;
  }
  return current;
}
