/**
 * Files in the inbox (issue 16): the paperclip and the chips of the composer, dropping files on the
 * conversation, and a message's files. The agent's session cookie opens the file URLs, so thumbnails
 * and downloads are plain <img src> and <a href> (the inbox's CSP allows 'self' images, not blob:).
 */

import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ACCEPT, type Attachment } from '../../shared/attachments';
import { formatSize, thumbSize, typeLabel } from '../../shared/fileFormat';
import { upload } from '../../shared/upload';
import { UploadChips } from '../../shared/UploadChips';
import { Uploads, type Chip, type UploadsOptions } from '../../shared/uploads';
import { Viewer } from '../../shared/Viewer';
import './files.css';

const enc = encodeURIComponent;
export const fileUrl = (id: string) => '/api/v1/files/' + enc(id);
export const thumbnailUrl = (id: string) => fileUrl(id) + '/thumbnail';

/** The agent's upload: same origin, the session cookie. */
export const uploadFile: UploadsOptions['upload'] = (file, onProgress) => upload('/api/v1/files?name=' + enc(file.name), file, {}, onProgress);

/** The uploads of one conversation's composer, and its chips; pending uploads stop when the conversation closes. */
export function useUploads(conversationId: string, send = uploadFile): { uploads: Uploads; chips: Chip[] } {
  const [, setChips] = useState<Chip[]>([]);
  const uploads = useMemo(
    () =>
      new Uploads({
        upload: send,
        onChange: setChips,
        tooLarge: 'Too large: the limit is {size}.',
        failed: 'Upload failed. Check your connection.',
      }),
    [conversationId],
  );
  useEffect(() => () => uploads.clear(), [uploads]);
  return { uploads, chips: uploads.chips };
}

/** Handlers that take files dropped on an element (the conversation pane). */
export function dropFiles(uploads: Uploads) {
  return {
    onDragOver: (e: DragEvent) => e.dataTransfer?.types.includes('Files') && e.preventDefault(),
    onDrop: (e: DragEvent) => {
      if (!e.dataTransfer?.files.length) return;
      e.preventDefault();
      uploads.add(e.dataTransfer.files);
    },
  };
}

/** The paperclip: a button that opens the file picker (an input kept in the page for browser tests). */
export function AttachButton({ uploads }: { uploads: Uploads }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" class="attach" aria-label="Attach a file" title="Attach a file" data-testid="attach" onClick={() => input.current?.click()}>
        📎
      </button>
      <input
        ref={input}
        type="file"
        multiple
        accept={ACCEPT}
        class="sr-only"
        tabIndex={-1}
        aria-hidden="true"
        data-testid="attach-input"
        onChange={(e) => {
          uploads.add(e.currentTarget.files!);
          e.currentTarget.value = '';
        }}
      />
    </>
  );
}

/** The chips above the composer, with the server's thumbnail of an image once it is uploaded. */
export function Chips({ uploads, chips }: { uploads: Uploads; chips: Chip[] }) {
  return (
    <UploadChips
      chips={chips}
      labels={{ remove: 'Remove {name}', retry: 'Retry' }}
      onRemove={(key) => uploads.remove(key)}
      onRetry={(key) => uploads.retry(key)}
      thumb={(c) => (c.attachment?.has_thumbnail ? thumbnailUrl(c.attachment.id) : undefined)}
    />
  );
}

/** A message's files: images as thumbnails that open the viewer, other files as cards with a download link. */
export function MessageFiles({ list }: { list: Attachment[] }) {
  const [open, setOpen] = useState<Attachment | null>(null);
  return (
    <div class="atts" data-testid="attachments">
      {list.map((a) =>
        a.kind == 'image' ? (
          <button key={a.id} type="button" class="att-open" onClick={() => setOpen(a)}>
            <img
              class="att-thumb"
              src={thumbnailUrl(a.id)}
              alt={a.name}
              loading="lazy"
              {...thumbSize(a, 240)}
              // An image stored without a thumbnail shows itself.
              onError={(e) => e.currentTarget.src.endsWith('/thumbnail') && (e.currentTarget.src = fileUrl(a.id))}
            />
          </button>
        ) : (
          <div key={a.id} class="att-file" data-testid="file-card">
            <span class="att-icon" aria-hidden="true">
              {typeLabel(a).slice(0, 4) || 'FILE'}
            </span>
            <span class="att-name" title={a.name}>
              {a.name}
            </span>
            <span class="att-meta muted">
              {formatSize(a.size, 'en')} · {typeLabel(a)}
            </span>
            <a class="att-download" href={fileUrl(a.id)} download={a.name}>
              Download<span class="sr-only"> {a.name}</span>
            </a>
          </div>
        ),
      )}
      {open && (
        <Viewer
          name={open.name}
          src={fileUrl(open.id)}
          closeLabel="Close"
          onClose={() => setOpen(null)}
          download={
            <a class="att-download" href={fileUrl(open.id)} download={open.name}>
              Download
            </a>
          }
        />
      )}
    </div>
  );
}
