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
  const base = baseLanguage(choice);
  return captions.find((caption) => baseLanguage(caption.language) === base) ?? null;
}

/** A language tag without its region or script, lower-cased: "fr-CA" → "fr". */
function baseLanguage(tag: string): string {
  const dash = tag.indexOf('-');
  return (dash < 0 ? tag : tag.slice(0, dash)).toLowerCase();
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
