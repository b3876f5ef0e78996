// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Attachment } from '../../shared/attachments';
import { UploadError } from '../../shared/upload';
import { Uploads } from '../../shared/uploads';
import { dropFiles, MessageFiles, useUploads } from './Attach';
import { Composer } from './Composer';
import type { Inbox } from './inbox';
import type { Conversation } from './types';

const cat: Attachment = { id: 'f1', name: 'cat.jpg', content_type: 'image/jpeg', size: 2048, kind: 'image', width: 1200, height: 900 };
const terms: Attachment = { id: 'f2', name: 'terms.pdf', content_type: 'application/pdf', size: 2_500_000, kind: 'file' };

afterEach(() => {
  render(null, document.body);
  document.body.innerHTML = '';
  localStorage.clear();
});

function mount(node: preact.ComponentChild) {
  const root = document.createElement('div');
  document.body.append(root);
  act(() => render(node, root));
  return root;
}

describe("a message's files in the inbox", () => {
  it('shows an image as its thumbnail (the session cookie opens it) and opens it whole with a download link', () => {
    const root = mount(<MessageFiles list={[cat]} />);
    const img = root.querySelector<HTMLImageElement>('img.att-thumb')!;
    expect([img.getAttribute('src'), img.alt, img.getAttribute('width'), img.getAttribute('height')]).toEqual(['/api/v1/files/f1/thumbnail', 'cat.jpg', '240', '180']);
    const open = root.querySelector<HTMLButtonElement>('.att-open')!;
    open.focus();
    act(() => open.click());
    const dialog = root.querySelector<HTMLElement>('[role=dialog]')!;
    expect(dialog.getAttribute('aria-label')).toBe('cat.jpg');
    expect(dialog.querySelector('.viewer-img')!.getAttribute('src')).toBe('/api/v1/files/f1');
    const link = dialog.querySelector<HTMLAnchorElement>('a.att-download')!;
    expect([link.getAttribute('href'), link.getAttribute('download')]).toEqual(['/api/v1/files/f1', 'cat.jpg']);
    act(() => void document.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })));
    expect(root.querySelector('[role=dialog]')).toBeNull();
    expect(document.activeElement).toBe(open);
  });

  it('shows the image itself when it has no thumbnail', () => {
    const root = mount(<MessageFiles list={[cat]} />);
    const img = root.querySelector<HTMLImageElement>('img.att-thumb')!;
    act(() => void img.dispatchEvent(new Event('error')));
    expect(img.getAttribute('src')).toBe('/api/v1/files/f1');
  });

  it('shows another file as a card with its name, size and type, and a download link', () => {
    const root = mount(<MessageFiles list={[terms]} />);
    const card = root.querySelector('[data-testid=file-card]')!;
    expect(card.querySelector('.att-name')!.textContent).toBe('terms.pdf');
    expect(card.querySelector('.att-meta')!.textContent).toBe('2.5 MB · PDF');
    const link = card.querySelector<HTMLAnchorElement>('a.att-download')!;
    expect([link.getAttribute('href'), link.getAttribute('download'), link.textContent]).toEqual(['/api/v1/files/f2', 'terms.pdf', 'Download terms.pdf']);
  });
});

describe('attaching files in the inbox composer', () => {
  const conv: Conversation = { id: 'c1', status: 'open', visitor_id: 'v', last_seq: 1, agent_read_seq: 1, visitor_read_seq: 0, created_at: 1, last_activity_at: 1 };

  function composer() {
    const answers: { resolve: (a: Attachment) => void; reject: (e: unknown) => void }[] = [];
    const fakeUpload = () => ({ done: new Promise<Attachment>((resolve, reject) => answers.push({ resolve, reject })), abort() {} });
    const send = vi.fn();
    const inbox = { me: { id: 'me' }, state: { agents: {} }, owners: { takeOver() {} }, sendTyping() {}, sender: { send } } as unknown as Inbox;
    function WithFiles() {
      return <Composer inbox={inbox} c={conv} files={useUploads(conv.id, fakeUpload)} />;
    }
    const root = mount(<WithFiles />);
    const input = root.querySelector<HTMLInputElement>('[data-testid=attach-input]')!;
    const pick = (...files: File[]) =>
      act(() => {
        Object.defineProperty(input, 'files', { value: files, configurable: true });
        input.dispatchEvent(new Event('change', { bubbles: true }));
      });
    const button = () => root.querySelector<HTMLButtonElement>('[data-testid=send]')!;
    const submit = () => act(() => void root.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true })));
    return { root, input, pick, answers, send, button, submit, chips: () => [...root.querySelectorAll<HTMLElement>('.upload')] };
  }
  const settle = () => act(() => new Promise((r) => setTimeout(r, 0)));

  it('has an "Attach a file" button and a file input in the page', () => {
    const t = composer();
    expect(t.root.querySelector('[data-testid=attach]')!.getAttribute('aria-label')).toBe('Attach a file');
    expect(t.input.type).toBe('file');
    expect(t.input.multiple).toBe(true);
  });

  it('sends a note with only a file once it is uploaded, then the chips go', async () => {
    const t = composer();
    act(() => t.root.querySelector<HTMLButtonElement>('[data-testid=note-toggle]')!.click());
    t.pick(new File(['%PDF'], 'terms.pdf', { type: 'application/pdf' }));
    expect(t.chips()[0].dataset.state).toBe('uploading');
    expect(t.button().disabled).toBe(true);
    t.submit();
    expect(t.send).not.toHaveBeenCalled();
    await act(() => t.answers[0].resolve(terms));
    await settle();
    expect(t.button().disabled).toBe(false);
    t.submit();
    expect(t.send).toHaveBeenCalledWith('c1', '', true, [], [terms]);
    expect(t.chips()).toEqual([]);
  });

  it("shows the server's reason on a failed chip; Retry uploads again, and the reply goes with text and file", async () => {
    const t = composer();
    t.pick(new File(['x'], 'virus.exe'));
    await act(() => t.answers[0].reject(new UploadError(415, 'unsupported_type', 'This type of file is not accepted.')));
    await settle();
    expect(t.chips()[0].querySelector('[role=alert]')!.textContent).toBe('This type of file is not accepted.');
    act(() => t.chips()[0].querySelector<HTMLButtonElement>('.upload-retry')!.click());
    await act(() => t.answers[1].resolve(cat));
    await settle();
    expect(t.chips()[0].querySelector<HTMLImageElement>('.upload-thumb')).toBeNull(); // no thumbnail said by the server
    const box = t.root.querySelector('textarea')!;
    act(() => {
      box.value = 'Is this it?';
      box.dispatchEvent(new Event('input', { bubbles: true }));
    });
    t.submit();
    expect(t.send).toHaveBeenCalledWith('c1', 'Is this it?', false, [], [cat]);
  });
});

describe('files dropped on the conversation', () => {
  it('join the uploads; a drag without files is left alone', () => {
    const add = vi.spyOn(Uploads.prototype, 'add').mockImplementation(() => {});
    const uploads = new Uploads({ upload: () => ({ done: new Promise(() => {}), abort() {} }), onChange() {}, tooLarge: '', failed: '' });
    const handlers = dropFiles(uploads);
    const file = new File(['x'], 'a.pdf');
    const drop = (files: File[]) => {
      const e = new Event('drop', { cancelable: true }) as DragEvent;
      Object.defineProperty(e, 'dataTransfer', { value: { files, types: files.length ? ['Files'] : ['text/plain'] } });
      handlers.onDrop(e);
      return e;
    };
    expect(drop([file]).defaultPrevented).toBe(true);
    expect(add).toHaveBeenCalledWith([file]);
    expect(drop([]).defaultPrevented).toBe(false);
    expect(add).toHaveBeenCalledTimes(1);
    add.mockRestore();
  });
});
