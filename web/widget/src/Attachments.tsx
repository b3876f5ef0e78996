import { useEffect, useState } from 'preact/hooks';
import type { Attachment } from '../../shared/attachments';
import { formatSize, thumbSize, typeLabel } from '../../shared/fileFormat';
import type { FileText } from '../../shared/fileStrings';
import { Viewer } from '../../shared/Viewer';
import type { FileUrls } from './files';
import { icon } from './Icons';

/** Here, not in Icons.tsx: it loads with the code for files (lazy.ts). */
const FileIcon = icon('M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8zM14 3v5h5');

type Props = { list: Attachment[]; files: FileUrls; text: FileText };

/** The object URL of a file or of its thumbnail (the file itself when the server has no thumbnail). */
function useUrl(files: FileUrls, id: string, thumbnail: boolean): string | undefined {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    let live = true;
    (thumbnail ? files.get(id, true).catch(() => files.get(id)) : files.get(id)).then((u) => live && setUrl(u), () => {});
    return () => void (live = false);
  }, [id]);
  return url;
}

function Download({ a, files, text }: { a: Attachment; files: FileUrls; text: FileText }) {
  return (
    <button type="button" class="att-download" onClick={() => files.download(a.id, a.name).catch(() => {})}>
      {text.download}
      <span class="sr-only"> {a.name}</span>
    </button>
  );
}

/** An image opens whole in the viewer; its thumbnail keeps its shape (width and height) while it loads. */
function Thumb({ a, files, onOpen }: { a: Attachment; files: FileUrls; onOpen: () => void }) {
  const src = useUrl(files, a.id, true);
  return (
    <button type="button" class="att-open" onClick={onOpen}>
      <img class="att-thumb" src={src} alt={a.name} {...thumbSize(a, 240)} />
    </button>
  );
}

function Open({ a, files, text, onClose }: { a: Attachment; files: FileUrls; text: FileText; onClose: () => void }) {
  const src = useUrl(files, a.id, false);
  return <Viewer name={a.name} src={src} closeLabel={text.closeFile} onClose={onClose} download={<Download a={a} files={files} text={text} />} />;
}

/**
 * A message's files (widget and /me): images as thumbnails that open the viewer, other files as a
 * card (name, size, type) with a Download button. Files are fetched with the visitor's token (files.ts).
 */
export function Attachments({ list, files, text }: Props) {
  const [open, setOpen] = useState<Attachment | null>(null);
  const lang = document.documentElement.lang || undefined;
  return (
    <div class="atts">
      {list.map((a) =>
        a.kind == 'image' ? (
          <Thumb key={a.id} a={a} files={files} onOpen={() => setOpen(a)} />
        ) : (
          <div key={a.id} class="att-file">
            <FileIcon />
            <span class="att-name" title={a.name}>
              {a.name}
            </span>
            <span class="att-meta">
              {formatSize(a.size, lang)} · {typeLabel(a)}
            </span>
            <Download a={a} files={files} text={text} />
          </div>
        ),
      )}
      {open && <Open a={open} files={files} text={text} onClose={() => setOpen(null)} />}
    </div>
  );
}
