// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Viewer } from './Viewer';

afterEach(() => {
  render(null, document.body);
  document.body.innerHTML = '';
});

/** A page with the button that opened the viewer, and a parent that would close the chat on Esc. */
function open(src?: string) {
  const onClose = vi.fn();
  const parentKeys = vi.fn();
  const opener = document.createElement('button');
  document.body.append(opener);
  opener.focus();
  const host = document.createElement('div');
  host.addEventListener('keydown', parentKeys);
  document.body.append(host);
  const show = (visible: boolean) =>
    act(() =>
      render(
        visible ? <Viewer name="cat.jpg" src={src} closeLabel="Close" onClose={onClose} download={<a href="/f/1" download="cat.jpg">Download</a>} /> : null,
        host,
      ),
    );
  show(true);
  const dialog = host.querySelector<HTMLElement>('[role=dialog]')!;
  const key = (k: string, shiftKey = false) => act(() => void document.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: k, shiftKey, bubbles: true })));
  return { dialog, onClose, parentKeys, opener, show, key };
}

describe('the image viewer', () => {
  it('is a modal dialog named by the file, showing the image with the file name as its text', () => {
    const { dialog } = open('blob:full');
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(dialog.getAttribute('aria-label')).toBe('cat.jpg');
    const img = dialog.querySelector('img')!;
    expect([img.getAttribute('src'), img.alt]).toEqual(['blob:full', 'cat.jpg']);
    expect(dialog.querySelector('a[download]')!.textContent).toBe('Download');
  });

  it('takes focus, closes on Esc without the page behind seeing the key, and gives focus back', () => {
    const { dialog, onClose, parentKeys, opener, show, key } = open();
    expect(document.activeElement).toBe(dialog.querySelector('.viewer-close'));
    key('Escape');
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(parentKeys).not.toHaveBeenCalled();
    show(false);
    expect(document.activeElement).toBe(opener);
  });

  it('keeps Tab inside: from the close button back to the download link, and back again', () => {
    const { dialog, key } = open();
    const [download, close] = [dialog.querySelector('a')!, dialog.querySelector('.viewer-close')!];
    key('Tab');
    expect(document.activeElement).toBe(download);
    key('Tab');
    expect(document.activeElement).toBe(close);
    key('Tab', true);
    expect(document.activeElement).toBe(download);
  });

  it('closes with its button and with a click beside the image, not on the image', () => {
    const { dialog, onClose } = open('blob:full');
    act(() => dialog.querySelector('img')!.click());
    expect(onClose).not.toHaveBeenCalled();
    act(() => dialog.click());
    act(() => dialog.querySelector<HTMLElement>('.viewer-close')!.click());
    expect(onClose).toHaveBeenCalledTimes(2);
  });
});
