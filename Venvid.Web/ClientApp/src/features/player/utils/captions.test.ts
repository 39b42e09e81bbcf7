import { describe, expect, it } from 'vitest';
import { chapterAt, pickCaption } from './captions';

const captions = [
  { language: 'en', label: 'English', url: '/en.vtt' },
  { language: 'fr-CA', label: 'Français', url: '/fr.vtt' },
];

describe('caption choice', () => {
  it('shows the remembered language, or one of its base language, and nothing when off', () => {
    expect(pickCaption(captions, 'EN')?.url).toBe('/en.vtt');
    expect(pickCaption(captions, 'fr')?.url).toBe('/fr.vtt');
    expect(pickCaption(captions, 'de')).toBeNull();
    expect(pickCaption(captions, '')).toBeNull();
    expect(pickCaption(captions, null)).toBeNull();
  });
});

describe('chapters', () => {
  const chapters = [
    { startSeconds: 0, title: 'Intro' },
    { startSeconds: 65, title: 'Mountain' },
    { startSeconds: 750, title: 'Lunch' },
  ];

  it('finds the chapter playing at a time', () => {
    expect(chapterAt(chapters, 0)?.title).toBe('Intro');
    expect(chapterAt(chapters, 64.9)?.title).toBe('Intro');
    expect(chapterAt(chapters, 65)?.title).toBe('Mountain');
    expect(chapterAt(chapters, 9999)?.title).toBe('Lunch');
    expect(chapterAt([], 10)).toBeNull();
  });
});
