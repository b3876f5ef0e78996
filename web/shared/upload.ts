/**
 * The upload of one file (issue 16): a raw body over XMLHttpRequest, because fetch reports no upload
 * progress. Shared by the widget, /me and the inbox.
 */

import type { Attachment } from './attachments';

/**
 * An upload the server refused (`status` 413, 415, 422...) or that never got an answer (`status` 0);
 * `message` is the server's, meant for people ("File too large: the limit is 10 MB"), when it sent one.
 */
export class UploadError extends Error {
  constructor(
    readonly status: number,
    readonly code = '',
    message = '',
  ) {
    super(message);
  }
}

export type Upload = { done: Promise<Attachment>; abort: () => void };

/**
 * Sends `file` as the raw body of a POST to `url` (the server sniffs the type from the bytes, so the
 * declared type is plain octets). `onProgress` gets the fraction sent, 0..1. An abort rejects with
 * an UploadError of code `aborted`.
 */
export function upload(
  url: string,
  file: Blob,
  headers: Record<string, string>,
  onProgress?: (fraction: number) => void,
  xhr: XMLHttpRequest = new XMLHttpRequest(),
): Upload {
  const done = new Promise<Attachment>((resolve, reject) => {
    xhr.open('POST', url);
    for (const name in headers) xhr.setRequestHeader(name, headers[name]);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress?.(e.loaded / e.total);
    xhr.onload = () => {
      let json: any = null;
      try {
        json = JSON.parse(xhr.responseText);
      } catch {}
      if (xhr.status >= 200 && xhr.status < 300 && json?.id) resolve(json);
      else reject(new UploadError(xhr.status, json?.error?.code, json?.error?.message));
    };
    xhr.onerror = xhr.ontimeout = () => reject(new UploadError(0));
    xhr.onabort = () => reject(new UploadError(0, 'aborted'));
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
}
