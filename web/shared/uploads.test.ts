import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Attachment } from './attachments';
import { UploadError } from './upload';
import { MAX_BYTES, Uploads, type Chip } from './uploads';

/** Uploads whose requests the test answers one by one: `calls` in order, each with its progress callback. */
function setup(previews = false) {
  const calls: { file: File; progress: (f: number) => void; resolve: (a: Attachment) => void; reject: (e: unknown) => void; abort: ReturnType<typeof vi.fn> }[] = [];
  const changes: Chip[][] = [];
  const uploads = new Uploads({
    upload: (file, progress) => {
      let resolve!: (a: Attachment) => void;
      let reject!: (e: unknown) => void;
      const done = new Promise<Attachment>((ok, ko) => ((resolve = ok), (reject = ko)));
      const abort = vi.fn(() => reject(new UploadError(0, 'aborted')));
      calls.push({ file, progress, resolve, reject, abort });
      return { done, abort };
    },
    onChange: (chips) => changes.push(chips),
    tooLarge: 'Too large: the limit is {size}.',
    failed: 'Upload failed.',
    previews,
  });
  return { uploads, calls, changes, states: () => uploads.chips.map((c) => c.state) };
}

const file = (name: string, size = 10, type = 'application/pdf') => {
  const f = new File(['x'], name, { type });
  Object.defineProperty(f, 'size', { value: size });
  return f;
};
const stored = (id: string, name: string): Attachment => ({ id, name, content_type: 'application/pdf', size: 10, kind: 'file' });
const settle = () => new Promise((r) => setTimeout(r, 0));

afterEach(() => vi.restoreAllMocks());

describe('the chips of files being attached', () => {
  it('goes uploading (with progress) → done; the message may go only once every file is done', async () => {
    const { uploads, calls, states } = setup();
    uploads.add([file('a.pdf'), file('b.pdf')]);
    expect(states()).toEqual(['uploading', 'uploading']);
    expect(uploads.ready()).toBeNull();
    calls[0].progress(0.4);
    expect(uploads.chips[0].progress).toBe(0.4);
    calls[0].resolve(stored('f1', 'a.pdf'));
    await settle();
    expect(states()).toEqual(['done', 'uploading']);
    expect(uploads.ready()).toBeNull();
    calls[1].resolve(stored('f2', 'b.pdf'));
    await settle();
    expect(uploads.ready()!.map((a) => a.id)).toEqual(['f1', 'f2']);
  });

  it("fails with the server's message, and Retry uploads the same file again until done", async () => {
    const { uploads, calls, states } = setup();
    uploads.add([file('big.png', 100, 'image/png')]);
    calls[0].reject(new UploadError(413, 'image_too_large', 'Image too large: at most 40 megapixels.'));
    await settle();
    expect(states()).toEqual(['failed']);
    expect(uploads.chips[0].error).toBe('Image too large: at most 40 megapixels.');
    expect(uploads.ready()).toBeNull();
    uploads.retry(uploads.chips[0].key);
    expect(states()).toEqual(['uploading']);
    expect(uploads.chips[0].error).toBeUndefined();
    expect(calls[1].file).toBe(calls[0].file);
    calls[1].resolve(stored('f9', 'big.png'));
    await settle();
    expect(states()).toEqual(['done']);
    expect(uploads.ready()!.map((a) => a.id)).toEqual(['f9']);
  });

  it('says the upload failed when no answer came (no message from the server)', async () => {
    const { uploads, calls } = setup();
    uploads.add([file('a.pdf')]);
    calls[0].reject(new UploadError(0));
    await settle();
    expect(uploads.chips[0]).toMatchObject({ state: 'failed', error: 'Upload failed.' });
  });

  it('fails a file over the limit at once, without uploading it', () => {
    const { uploads, calls } = setup();
    uploads.add([file('movie.pdf', MAX_BYTES + 1)]);
    expect(calls).toHaveLength(0);
    expect(uploads.chips[0]).toMatchObject({ state: 'failed', error: 'Too large: the limit is 10 MB.' });
  });

  it('removing a chip stops its upload, and the abort is no failure', async () => {
    const { uploads, calls, states } = setup();
    uploads.add([file('a.pdf'), file('b.pdf')]);
    uploads.remove(uploads.chips[0].key);
    expect(calls[0].abort).toHaveBeenCalled();
    await settle();
    expect(states()).toEqual(['uploading']);
    expect(uploads.chips[0].file.name).toBe('b.pdf');
  });

  it('keeps at most 10 files for one message', () => {
    const { uploads, calls } = setup();
    uploads.add(Array.from({ length: 12 }, (_, i) => file(i + '.pdf')));
    expect(uploads.chips).toHaveLength(10);
    expect(calls).toHaveLength(10);
  });

  it('clear (after the send) empties the chips; an upload still running stops', async () => {
    const { uploads, calls, changes } = setup();
    uploads.add([file('a.pdf'), file('b.pdf')]);
    calls[0].resolve(stored('f1', 'a.pdf'));
    await settle();
    uploads.clear();
    expect(calls[0].abort).not.toHaveBeenCalled();
    expect(calls[1].abort).toHaveBeenCalled();
    await settle();
    expect(uploads.chips).toEqual([]);
    expect(changes[changes.length - 1]).toEqual([]);
  });

  it('previews images with an object URL, revoked when the chip goes', () => {
    const create = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:preview-1');
    const revoke = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    const { uploads } = setup(true);
    uploads.add([file('cat.png', 10, 'image/png'), file('a.pdf')]);
    expect(create).toHaveBeenCalledTimes(1);
    expect(uploads.chips.map((c) => c.preview)).toEqual(['blob:preview-1', undefined]);
    uploads.remove(uploads.chips[0].key);
    expect(revoke).toHaveBeenCalledWith('blob:preview-1');
  });
});
