/**
 * Resolves once the image at `url` has loaded or failed, or after `timeoutMs` at the latest; at once without a URL.
 * The browser shares the download with any <img> or poster showing the same URL.
 */
export function whenImageLoaded(url: string | null | undefined, timeoutMs = 2000): Promise<void> {
  if (!url || typeof Image === 'undefined') return Promise.resolve();
  return new Promise((resolve) => {
    const image = new Image();
    const done = () => {
      window.clearTimeout(timer);
      image.onload = null;
      image.onerror = null;
      resolve();
    };
    const timer = window.setTimeout(done, timeoutMs);
    image.onload = done;
    image.onerror = done;
    image.src = url;
    if (image.complete) done();
  });
}

/** Resolves when the browser is next idle (after it has painted what is pending), or after `timeoutMs` at the latest. */
export function whenIdle(timeoutMs = 1000): Promise<void> {
  return new Promise((resolve) => {
    if (typeof window.requestIdleCallback === 'function') window.requestIdleCallback(() => resolve(), { timeout: timeoutMs });
    else window.setTimeout(resolve, 0);
  });
}
