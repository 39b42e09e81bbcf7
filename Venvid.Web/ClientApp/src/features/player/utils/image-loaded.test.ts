import { afterEach, describe, expect, it, vi } from 'vitest';
import { whenIdle, whenImageLoaded } from './image-loaded';

describe('waiting for an image', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves at once without a URL', async () => {
    await expect(whenImageLoaded(null)).resolves.toBeUndefined();
  });

  it('resolves when the image loads or fails', async () => {
    const images: HTMLImageElement[] = [];
    vi.spyOn(window, 'Image').mockImplementation(function (this: unknown) {
      const image = document.createElement('img');
      images.push(image);
      return image;
    });
    const loaded = whenImageLoaded('/poster.webp');
    const failed = whenImageLoaded('/missing.webp');
    expect(images.map((image) => image.getAttribute('src'))).toEqual(['/poster.webp', '/missing.webp']);
    images[0]?.onload?.(new Event('load'));
    images[1]?.onerror?.(new Event('error'));
    await expect(loaded).resolves.toBeUndefined();
    await expect(failed).resolves.toBeUndefined();
  });

  it('gives up waiting after the timeout', async () => {
    vi.useFakeTimers();
    let settled = false;
    void whenImageLoaded('/slow.webp', 500).then(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(499);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(settled).toBe(true);
  });

  it('waits for the browser to be idle, or for the timeout', async () => {
    const idle = vi.fn((callback: IdleRequestCallback, _options?: IdleRequestOptions) => {
      callback({ didTimeout: false, timeRemaining: () => 10 });
      return 1;
    });
    vi.stubGlobal('requestIdleCallback', idle);
    await expect(whenIdle(300)).resolves.toBeUndefined();
    expect(idle).toHaveBeenCalledWith(expect.any(Function), { timeout: 300 });
    vi.unstubAllGlobals();
  });
});
