import { describe, expect, it } from 'vitest';
import { upload, UploadError } from './upload';

/** An XMLHttpRequest the test drives: what was sent, then progress, an answer, a failure or an abort. */
class FakeXhr {
  upload: { onprogress?: (e: { lengthComputable: boolean; loaded: number; total: number }) => void } = {};
  headers: Record<string, string> = {};
  method = '';
  url = '';
  body: unknown;
  status = 0;
  responseText = '';
  aborted = false;
  onload?: () => void;
  onerror?: () => void;
  ontimeout?: () => void;
  onabort?: () => void;
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: unknown) {
    this.body = body;
  }
  abort() {
    this.aborted = true;
    this.onabort?.();
  }
  answer(status: number, body: string) {
    this.status = status;
    this.responseText = body;
    this.onload?.();
  }
}

const start = (onProgress?: (f: number) => void) => {
  const xhr = new FakeXhr();
  const file = new Blob(['%PDF-1.7 hello']);
  const u = upload('/api/v1/visitor/files?name=a%20b.pdf', file, { Authorization: 'Bearer vt_1' }, onProgress, xhr as unknown as XMLHttpRequest);
  return { xhr, file, u };
};

describe('uploading a file', () => {
  it('posts the raw bytes as octets with the token, reports progress and resolves with the stored file', async () => {
    const seen: number[] = [];
    const { xhr, file, u } = start((f) => seen.push(f));
    expect(xhr.method).toBe('POST');
    expect(xhr.url).toBe('/api/v1/visitor/files?name=a%20b.pdf');
    expect(xhr.body).toBe(file);
    expect(xhr.headers).toEqual({ Authorization: 'Bearer vt_1', 'Content-Type': 'application/octet-stream' });
    xhr.upload.onprogress!({ lengthComputable: true, loaded: 250, total: 1000 });
    xhr.upload.onprogress!({ lengthComputable: false, loaded: 600, total: 0 });
    xhr.upload.onprogress!({ lengthComputable: true, loaded: 1000, total: 1000 });
    expect(seen).toEqual([0.25, 1]);
    const stored = { id: 'f1', name: 'a b.pdf', content_type: 'application/pdf', size: 14, kind: 'file', has_thumbnail: false };
    xhr.answer(201, JSON.stringify(stored));
    await expect(u.done).resolves.toEqual(stored);
  });

  it("rejects a refusal with the server's status, code and message (413: too large)", async () => {
    const { xhr, u } = start();
    xhr.answer(413, JSON.stringify({ error: { code: 'too_large', message: 'File too large: the limit is 10 MB.' } }));
    const e = await u.done.catch((e) => e);
    expect(e).toBeInstanceOf(UploadError);
    expect([e.status, e.code, e.message]).toEqual([413, 'too_large', 'File too large: the limit is 10 MB.']);
  });

  it('rejects an answer that is not JSON (a proxy page) with its status and no message', async () => {
    const { xhr, u } = start();
    xhr.answer(502, '<html>Bad gateway</html>');
    const e = await u.done.catch((e) => e);
    expect([e.status, e.code, e.message]).toEqual([502, '', '']);
  });

  it('rejects with status 0 when no answer comes', async () => {
    const { xhr, u } = start();
    xhr.onerror!();
    await expect(u.done).rejects.toMatchObject({ status: 0, code: '' });
  });

  it('aborts the request and rejects with code aborted', async () => {
    const { xhr, u } = start();
    u.abort();
    expect(xhr.aborted).toBe(true);
    await expect(u.done).rejects.toMatchObject({ status: 0, code: 'aborted' });
  });
});
