// @vitest-environment happy-dom
import { render } from 'preact';
import { useState } from 'preact/hooks';
import { act } from 'preact/test-utils';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ACCEPT, type Attachment } from '../../shared/attachments';
import { FRAME_TEXT } from '../../shared/strings';
import { UploadError } from '../../shared/upload';
import { Uploads, type Chip } from '../../shared/uploads';
import type { Chat } from './chat';
import { Composer } from './Composer';
import { loadAttach } from './lazy';
import type { Message } from './messages';
import { MessageItem } from './MessageItem';

const text = FRAME_TEXT.en;
const cat: Attachment = { id: 'f1', name: 'cat.jpg', content_type: 'image/jpeg', size: 2048, kind: 'image', width: 1600, height: 1200 };
const terms: Attachment = { id: 'f2', name: 'Terms and conditions of sale.pdf', content_type: 'application/pdf', size: 2_500_000, kind: 'file' };
const fetched: { url: string; auth: string }[] = [];

beforeAll(() => loadAttach());
beforeEach(() => {
  fetched.length = 0;
  document.documentElement.lang = 'en';
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    fetched.push({ url, auth: (init.headers as Record<string, string>).Authorization });
    return new Response(new Blob(['bytes']));
  });
  let n = 0;
  vi.spyOn(URL, 'createObjectURL').mockImplementation(() => 'blob:u' + ++n);
});
afterEach(() => {
  render(null, document.body);
  document.body.innerHTML = '';
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

function mount(node: preact.ComponentChild) {
  const root = document.createElement('div');
  document.body.append(root);
  act(() => render(node, root));
  return root;
}

const message = (m: Partial<Message>): Message => ({ id: 'm1', seq: 1, sender: { type: 'agent', name: 'Ann' }, text: '', createdAt: 1, state: 'sent', ...m });
const chatFor = () => ({ deps: { api: { base: '/api/v1/', token: 'vt_1' } } }) as unknown as Chat;
const showMessage = (m: Message) =>
  mount(<MessageItem message={m} text={text} showName={false} seen={false} onRetry={() => {}} onChoose={() => {}} chat={chatFor()} />);

describe("a message's files in the widget", () => {
  it("shows an image as a thumbnail of its shape, fetched with the visitor's token, named by the file", async () => {
    const root = showMessage(message({ text: 'cat.jpg', content: { attachments: [cat] } }));
    const img = root.querySelector<HTMLImageElement>('img.att-thumb')!;
    expect(img.alt).toBe('cat.jpg');
    expect([img.getAttribute('width'), img.getAttribute('height')]).toEqual(['240', '180']);
    await vi.waitFor(() => expect(img.getAttribute('src')).toBe('blob:u1'));
    expect(fetched).toEqual([{ url: '/api/v1/files/f1/thumbnail', auth: 'Bearer vt_1' }]);
    // The text the server stored for a message without one only names the file: not shown again.
    expect(root.querySelector('.bubble')).toBeNull();
  });

  it('shows another file as a card: its name, size and type, and a Download button that saves it under its name', async () => {
    const root = showMessage(message({ text: 'Here are the terms', content: { attachments: [terms] } }));
    expect(root.querySelector('.bubble')!.textContent).toBe('Here are the terms');
    const card = root.querySelector('.att-file')!;
    expect(card.querySelector('.att-name')!.textContent).toBe('Terms and conditions of sale.pdf');
    expect(card.querySelector('.att-meta')!.textContent).toBe('2.5 MB · PDF');
    const saved: { href: string; download: string }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push({ href: this.href, download: this.download });
    });
    const download = card.querySelector<HTMLButtonElement>('.att-download')!;
    expect(download.textContent).toBe('Download Terms and conditions of sale.pdf');
    await act(() => download.click());
    await vi.waitFor(() => expect(saved).toEqual([{ href: 'blob:u1', download: 'Terms and conditions of sale.pdf' }]));
    expect(fetched).toEqual([{ url: '/api/v1/files/f2', auth: 'Bearer vt_1' }]);
  });

  it('opens an image whole in the viewer; Esc closes it and focus goes back to the thumbnail', async () => {
    const root = showMessage(message({ sender: { type: 'contact' }, content: { attachments: [cat] } }));
    const open = root.querySelector<HTMLButtonElement>('.att-open')!;
    open.focus();
    act(() => open.click());
    const dialog = root.querySelector<HTMLElement>('[role=dialog]')!;
    expect(dialog.getAttribute('aria-label')).toBe('cat.jpg');
    await vi.waitFor(() => expect(dialog.querySelector<HTMLImageElement>('.viewer-img')?.alt).toBe('cat.jpg'));
    expect(fetched.map((f) => f.url)).toContain('/api/v1/files/f1');
    expect(dialog.querySelector('.att-download')).not.toBeNull();
    expect(document.activeElement!.getAttribute('aria-label')).toBe('Close');
    act(() => void document.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })));
    expect(root.querySelector('[role=dialog]')).toBeNull();
    expect(document.activeElement).toBe(open);
  });
});

/** A composer whose chat has real uploads over a fake upload the test answers. */
function composer() {
  const answers: { resolve: (a: Attachment) => void; reject: (e: unknown) => void }[] = [];
  let setChips: (c: Chip[]) => void = () => {};
  const uploads = new Uploads({
    upload: () => {
      const done = new Promise<Attachment>((resolve, reject) => answers.push({ resolve, reject }));
      return { done, abort() {} };
    },
    onChange: (c) => setChips(c),
    tooLarge: '{size}',
    failed: 'Upload failed.',
  });
  const send = vi.fn();
  const chat = { outbox: { send, typing() {}, stopTyping() {} }, uploads, attach: (files: ArrayLike<File>) => uploads.add(files) } as unknown as Chat;
  function Harness() {
    const [chips, set] = useState<Chip[]>([]);
    setChips = set;
    return <Composer chat={chat} text={text} uploads={chips} />;
  }
  const root = mount(<Harness />);
  const input = root.querySelector<HTMLInputElement>('input[type=file]')!;
  const pick = (...files: File[]) =>
    act(() => {
      Object.defineProperty(input, 'files', { value: files, configurable: true });
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
  const sendButton = () => root.querySelector<HTMLButtonElement>('button.send')!;
  return { root, input, pick, answers, send, sendButton, chips: () => [...root.querySelectorAll<HTMLElement>('.upload')] };
}

const settle = () => act(() => new Promise((r) => setTimeout(r, 0)));

describe('attaching files in the widget', () => {
  it('has a paperclip named "Attach a file" and a file input in the page for phones’ cameras and browser tests', () => {
    const { root, input } = composer();
    const clip = root.querySelector<HTMLButtonElement>('button.attach')!;
    expect(clip.getAttribute('aria-label')).toBe('Attach a file');
    expect(input.multiple).toBe(true);
    expect(input.accept).toBe(ACCEPT);
    const click = vi.spyOn(input, 'click');
    clip.click();
    expect(click).toHaveBeenCalled();
  });

  it('shows a chip with progress while uploading, Send waits for it, then sends the file without text', async () => {
    const t = composer();
    t.pick(new File(['%PDF'], 'terms.pdf', { type: 'application/pdf' }));
    const [chip] = t.chips();
    expect(chip.dataset.state).toBe('uploading');
    expect(chip.querySelector('.upload-name')!.textContent).toBe('terms.pdf');
    expect(chip.querySelector('progress')).not.toBeNull();
    expect(t.sendButton().disabled).toBe(true);
    await act(() => t.answers[0].resolve(terms));
    await settle();
    expect(t.chips()[0].dataset.state).toBe('done');
    expect(t.sendButton().disabled).toBe(false);
    act(() => void t.root.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true })));
    expect(t.send).toHaveBeenCalledWith('', undefined, [terms]);
    expect(t.chips()).toEqual([]);
  });

  it("a failed upload shows the server's reason and Retry; Send stays off until the retry is done", async () => {
    const t = composer();
    t.pick(new File(['x'], 'huge.png', { type: 'image/png' }));
    await act(() => t.answers[0].reject(new UploadError(413, 'image_too_large', 'Image too large: at most 40 megapixels.')));
    await settle();
    const chip = t.chips()[0];
    expect(chip.dataset.state).toBe('failed');
    expect(chip.querySelector('[role=alert]')!.textContent).toBe('Image too large: at most 40 megapixels.');
    expect(t.sendButton().disabled).toBe(true);
    act(() => chip.querySelector<HTMLButtonElement>('.upload-retry')!.click());
    expect(t.chips()[0].dataset.state).toBe('uploading');
    await act(() => t.answers[1].resolve(cat));
    await settle();
    expect(t.chips()[0].dataset.state).toBe('done');
    expect(t.sendButton().disabled).toBe(false);
  });

  it('an image pasted into the box joins the message instead of the text', () => {
    const t = composer();
    const box = t.root.querySelector('textarea')!;
    const image = new File(['png'], 'image.png', { type: 'image/png' });
    const paste = new Event('paste', { bubbles: true, cancelable: true });
    Object.defineProperty(paste, 'clipboardData', { value: { files: [image] } });
    act(() => void box.dispatchEvent(paste));
    expect(paste.defaultPrevented).toBe(true);
    expect(t.chips()[0].querySelector('.upload-name')!.textContent).toBe('image.png');
    act(() => t.chips()[0].querySelector<HTMLButtonElement>('.upload-remove')!.click());
    expect(t.chips()).toEqual([]);
  });
});
