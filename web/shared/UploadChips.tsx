import { format } from './i18n';
import type { Chip } from './uploads';

type Props = {
  chips: Chip[];
  /** `remove` has a `{name}` placeholder: every × says which file it removes. */
  labels: { remove: string; retry: string };
  onRemove: (key: number) => void;
  onRetry: (key: number) => void;
  /** The image to show for a chip (a local preview, or the server's thumbnail once uploaded). */
  thumb: (chip: Chip) => string | undefined;
};

/**
 * The files waiting above a message box (uploads.ts): a thumbnail for images, the name, a progress
 * bar while uploading, and on failure the reason (announced) and Retry. Shared by the widget and the
 * inbox; each styles `.uploads`.
 */
export function UploadChips({ chips, labels, onRemove, onRetry, thumb }: Props) {
  if (!chips.length) return null;
  return (
    <ul class="uploads">
      {chips.map((c) => {
        const src = thumb(c);
        return (
          <li key={c.key} class={'upload ' + c.state} data-state={c.state}>
            {src && <img class="upload-thumb" src={src} alt="" width={32} height={32} />}
            <span class="upload-name" title={c.file.name}>
              {c.file.name}
            </span>
            {c.state == 'uploading' && <progress class="upload-progress" max={1} value={c.progress} aria-label={c.file.name} />}
            {c.state == 'failed' && (
              <>
                <span class="upload-error" role="alert">
                  {c.error}
                </span>
                <button type="button" class="upload-retry" onClick={() => onRetry(c.key)}>
                  {labels.retry}
                </button>
              </>
            )}
            <button type="button" class="upload-remove" aria-label={format(labels.remove, { name: c.file.name })} onClick={() => onRemove(c.key)}>
              ×
            </button>
          </li>
        );
      })}
    </ul>
  );
}
