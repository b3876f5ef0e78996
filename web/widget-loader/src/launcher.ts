/**
 * The launcher drawn on the host page: the bubble (inline SVG, no images or fonts) with its unread
 * badge and label, and the panel that holds the frame. The delayed greeting is shown as the
 * bubble's label. Everything lives in a closed shadow root so the host's CSS cannot reach it;
 * texts are set with textContent only. Module-level functions rather than an object: the minifier
 * can shorten them (3 KB budget).
 */

const CSS =
  '<style>:host{all:initial}' +
  '.b,.p{position:fixed;z-index:2147483000;right:20px;bottom:20px;border:0;border-radius:28px;box-shadow:0 6px 30px #0004}' +
  '.l>*{right:auto;left:20px}' +
  '.b{display:flex;align-items:center;gap:8px;height:56px;padding:0 14px;' +
  'background:var(--c);color:var(--t);font:600 15px system-ui,sans-serif}' +
  'svg{width:28px;fill:currentColor}.s{max-width:240px}.n:empty,.o .s,.p{display:none}.o .p{display:block}' +
  '.n{position:absolute;top:-4px;right:-4px;padding:2px 7px;border-radius:9px;background:#c5221f;color:#fff;font-size:12px}' +
  '.p{bottom:88px;width:380px;height:min(680px,calc(100% - 108px));border-radius:16px;overflow:hidden;background:#fff}' +
  'iframe{width:100%;height:100%;border:0}' +
  '@media(max-width:639px){.p{inset:0;width:auto;height:auto;border-radius:0;padding:env(safe-area-inset-top) ' +
  'env(safe-area-inset-right) env(safe-area-inset-bottom) env(safe-area-inset-left)}.o .b{display:none}}</style>';

// The icon needs no aria-hidden: a button's children are presentational and its name is its aria-label.
const MARKUP =
  '<div class="p"></div><button class="b"><svg viewBox="0 0 24 24"><path ' +
  'd="M3 5a2 2 0 012-2h14a2 2 0 012 2v11a2 2 0 01-2 2H9l-6 4z"/></svg><span class="s"></span><span class="n"></span></button>';

export let host: HTMLElement;
export let bubble: HTMLButtonElement;
export let panel: HTMLElement;
let root: HTMLElement;
const $ = (selector: string) => root.querySelector(selector) as HTMLElement;

/** `color` and `text` (on it, WCAG AA): the widget config's, computed by the server. */
export function drawLauncher(color: string, text: string, left: boolean) {
  host = document.createElement('div');
  root = document.createElement('div');
  root.className = left ? 'l' : '';
  root.style.cssText = `--c:${color};--t:${text}`;
  root.innerHTML = CSS + MARKUP; // constant markup: every text goes in with textContent
  host.attachShadow({ mode: 'closed' }).append(root);
  bubble = $('.b') as HTMLButtonElement;
  panel = $('.p');
  document.body.append(host);
}

/** Open or closed, the bubble's label (launcher label or greeting), unread badge and accessible name. */
export function renderLauncher(open: boolean, label: string, unread: number, name: string) {
  root.classList.toggle('o', open);
  bubble.setAttribute('aria-expanded', '' + open);
  bubble.setAttribute('aria-label', name);
  $('.s').textContent = label;
  $('.n').textContent = (unread || '') as string;
}
