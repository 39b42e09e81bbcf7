import { describe, expect, it } from 'vitest';
import { loadPosition, savePosition, shouldResumeAt } from './resume-position';
import { actionForKey, clampTime, isTypingTarget } from './shortcuts';

describe('resume position', () => {
  it('resumes only from the middle of a video', () => {
    expect(shouldResumeAt(null, 100)).toBeNull();
    expect(shouldResumeAt(3, 100)).toBeNull();
    expect(shouldResumeAt(97, 100)).toBeNull();
    expect(shouldResumeAt(42, 100)).toBe(42);
  });

  it('round-trips through storage per video', () => {
    savePosition('v1', 42.34);
    expect(loadPosition('v1')).toBe(42.3);
    expect(loadPosition('v2')).toBeNull();
  });
});

describe('keyboard shortcuts', () => {
  it.each([
    ['k', 'toggle-play'],
    [' ', 'toggle-play'],
    ['j', 'back'],
    ['L', 'forward'],
    ['f', 'fullscreen'],
    ['m', 'mute'],
    ['x', null],
  ])('maps %j to %s', (key, action) => {
    expect(actionForKey(key)).toBe(action);
  });

  it('leaves keys alone while typing', () => {
    const input = document.createElement('input');
    expect(isTypingTarget(input, 'k')).toBe(true);
    const button = document.createElement('button');
    expect(isTypingTarget(button, ' ')).toBe(true);
    expect(isTypingTarget(button, 'k')).toBe(false);
    expect(isTypingTarget(document.body, ' ')).toBe(false);
  });

  it('clamps seeking to the video', () => {
    expect(clampTime(-5, 100)).toBe(0);
    expect(clampTime(105, 100)).toBe(100);
    expect(clampTime(50, Number.NaN)).toBe(50);
  });
});
