/** A part PUT that storage answered with an HTTP error. */
export class PartUploadError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'PartUploadError';
  }
}

/**
 * PUTs one slice straight to its presigned storage URL and returns the ETag storage answers with.
 * XMLHttpRequest rather than fetch: only XHR reports upload progress.
 */
export function putPart(url: string, body: Blob, onProgress: (loadedBytes: number) => void, signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    xhr.upload.onprogress = (event) => onProgress(event.loaded);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        const etag = xhr.getResponseHeader('ETag');
        if (etag) resolve(etag);
        else reject(new PartUploadError(xhr.status, 'Storage did not expose the ETag header (check its CORS settings).'));
      } else {
        reject(new PartUploadError(xhr.status, `Storage answered ${xhr.status}.`));
      }
    };
    xhr.onerror = () => reject(new PartUploadError(0, 'Network error while sending a part.'));
    xhr.ontimeout = () => reject(new PartUploadError(0, 'Timed out while sending a part.'));
    const onAbort = () => xhr.abort();
    xhr.onabort = () => {
      const error = new Error('Aborted');
      error.name = 'AbortError';
      reject(error);
    };
    if (signal.aborted) {
      reject(Object.assign(new Error('Aborted'), { name: 'AbortError' }));
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    xhr.onloadend = () => signal.removeEventListener('abort', onAbort);
    xhr.send(body);
  });
}
