/**
 * The files being attached to the next message: one chip each, uploading, done or failed. A message
 * goes only once every chip is done (a failed upload is retried by uploading again, or removed), so
 * the ids it carries are the same on every retry of the send. Shared by the widget and the inbox;
 * no rendering (UploadChips.tsx shows the chips).
 */

import { MAX_FILES, type Attachment } from './attachments';
import { formatSize } from './fileFormat';
import { UploadError, type Upload } from './upload';

/** The per-file limit checked before uploading, to fail at once; the server is the authority. */
export const MAX_BYTES = 10 * 1024 * 1024;

export type Chip = {
  key: number;
  file: File;
  state: 'uploading' | 'done' | 'failed';
  /** Sent so far, 0..1. */
  progress: number;
  error?: string;
  attachment?: Attachment;
  /** An object URL of the local image, when previews are on (revoked when the chip goes). */
  preview?: string;
};

export type UploadsOptions = {
  upload: (file: File, onProgress: (fraction: number) => void) => Upload;
  onChange: (chips: Chip[]) => void;
  /** Failure texts: over the size limit (`{size}` is the limit), and no answer at all. */
  tooLarge: string;
  failed: string;
  /** Local previews of images (object URLs): where the page's CSP allows blob: images. */
  previews?: boolean;
};

export class Uploads {
  chips: Chip[] = [];
  private aborts = new Map<number, () => void>();
  private next = 1;

  constructor(private readonly o: UploadsOptions) {}

  /** Adds files from the picker, a paste or a drop, up to MAX_FILES chips, and starts uploading them. */
  add(files: Iterable<File> | ArrayLike<File>) {
    for (const file of Array.from(files).slice(0, MAX_FILES - this.chips.length)) {
      const preview = this.o.previews && file.type.startsWith('image/') ? URL.createObjectURL(file) : undefined;
      const chip: Chip = { key: this.next++, file, state: 'uploading', progress: 0, preview };
      this.set([...this.chips, chip]);
      this.start(chip.key);
    }
  }

  /** Uploads a failed file again. */
  retry(key: number) {
    if (this.find(key)?.state == 'failed') this.start(key);
  }

  /** Removes a chip, stopping its upload. */
  remove(key: number) {
    this.aborts.get(key)?.();
    this.drop((c) => c.key == key);
  }

  /** After the send: the chips go (their files now belong to the message). */
  clear() {
    this.aborts.forEach((abort) => abort());
    this.drop(() => true);
  }

  /** The attachments for a send: every chip done (none uploading or failed), else null. */
  ready(): Attachment[] | null {
    return this.chips.every((c) => c.state == 'done') ? this.chips.map((c) => c.attachment!) : null;
  }

  private start(key: number) {
    const chip = this.find(key)!;
    const { o } = this;
    if (chip.file.size > MAX_BYTES) {
      // The limit in the page's language ("10 Mo" in French).
      const size = formatSize(MAX_BYTES, globalThis.document?.documentElement.lang || undefined);
      return this.patch(key, { state: 'failed', error: o.tooLarge.replace('{size}', size) });
    }
    this.patch(key, { state: 'uploading', progress: 0, error: undefined });
    const u = o.upload(chip.file, (progress) => this.patch(key, { progress }));
    this.aborts.set(key, u.abort);
    u.done.then(
      (attachment) => this.patch(key, { state: 'done', progress: 1, attachment }),
      (e) => {
        // Removed meanwhile: nothing to say.
        if (e instanceof UploadError && e.code == 'aborted') return;
        this.patch(key, { state: 'failed', error: (e instanceof UploadError && e.message) || o.failed });
      },
    ).finally(() => this.aborts.get(key) == u.abort && this.aborts.delete(key));
  }

  private find(key: number) {
    return this.chips.find((c) => c.key == key);
  }

  private patch(key: number, change: Partial<Chip>) {
    if (this.find(key)) this.set(this.chips.map((c) => (c.key == key ? { ...c, ...change } : c)));
  }

  private drop(gone: (c: Chip) => boolean) {
    for (const c of this.chips) if (gone(c)) {
      this.aborts.delete(c.key);
      if (c.preview) URL.revokeObjectURL(c.preview);
    }
    this.set(this.chips.filter((c) => !gone(c)));
  }

  private set(chips: Chip[]) {
    this.chips = chips;
    this.o.onChange(chips);
  }
}
