import type { ComponentChild } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

type Props = {
  /** The file's name: the dialog's name and the image's text alternative. */
  name: string;
  /** The full image; undefined while it loads. */
  src?: string;
  closeLabel: string;
  /** The app's download control (a link in the inbox, a button that fetches in the widget). */
  download: ComponentChild;
  onClose: () => void;
};

/**
 * An image shown whole over the page: a modal dialog that takes focus, keeps Tab inside, closes with
 * Esc, the close button or a click beside the image, and gives focus back to what opened it. Its keys
 * stop here, so the widget's panel does not close on the same Esc. Shared by the widget and the inbox.
 */
export function Viewer({ name, src, closeLabel, download, onClose }: Props) {
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    root.current?.querySelector<HTMLElement>('.viewer-close')?.focus();
    return () => opener?.focus();
  }, []);
  return (
    <div
      class="viewer"
      role="dialog"
      aria-modal="true"
      aria-label={name}
      ref={root}
      onClick={(e) => e.target == e.currentTarget && onClose()}
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key == 'Escape') {
          e.preventDefault();
          onClose();
        } else if (e.key == 'Tab') {
          const items = Array.from(root.current!.querySelectorAll<HTMLElement>('a[href], button'));
          const i = items.indexOf(document.activeElement as HTMLElement);
          e.preventDefault();
          items[i < 0 ? 0 : (i + (e.shiftKey ? items.length - 1 : 1)) % items.length]?.focus();
        }
      }}
    >
      <div class="viewer-bar">
        <span class="viewer-name">{name}</span>
        {download}
        <button type="button" class="viewer-close" aria-label={closeLabel} onClick={onClose}>
          ×
        </button>
      </div>
      {src && <img class="viewer-img" src={src} alt={name} />}
    </div>
  );
}
