import { describe, expect, it } from 'vitest';
import { findCue, parseStoryboardVtt, parseVttTime } from './storyboard';

const vtt = `WEBVTT

00:00:00.000 --> 00:00:05.000
sprite.jpg#xywh=0,0,160,90

00:00:05.000 --> 00:00:10.000
sprite.jpg#xywh=160,0,160,90

3
00:00:10.000 --> 00:00:12.500 align:start
https://cdn.example/other.jpg#xywh=0,90,160,90
`;

describe('storyboard', () => {
  it('parses VTT times', () => {
    expect(parseVttTime('00:01:02.500')).toBe(62.5);
    expect(parseVttTime('01:02.5')).toBe(62.5);
  });

  it('parses sprite cues and resolves images next to the VTT', () => {
    const cues = parseStoryboardVtt(vtt, '/media/videos/v1/storyboard/storyboard.vtt', 'http://localhost');
    expect(cues).toHaveLength(3);
    expect(cues[1]).toEqual({ start: 5, end: 10, url: '/media/videos/v1/storyboard/sprite.jpg', x: 160, y: 0, w: 160, h: 90 });
    expect(cues[2]?.url).toBe('https://cdn.example/other.jpg');
  });

  it('finds the cue for a time, and the last one past the end', () => {
    const cues = parseStoryboardVtt(vtt, '/media/s.vtt', 'http://localhost');
    expect(findCue(cues, 0)?.x).toBe(0);
    expect(findCue(cues, 7.2)?.x).toBe(160);
    expect(findCue(cues, 11)?.y).toBe(90);
    expect(findCue(cues, 99)?.y).toBe(90);
    expect(findCue([], 1)).toBeNull();
  });
});
