/** Keeps Tab inside the open panel: from the last control to the first and back. */

const FOCUSABLE = 'a[href], button:not([disabled]), textarea:not([disabled]), input:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function trapTab(e: KeyboardEvent, container: HTMLElement) {
  if (e.key != 'Tab') return;
  // Not what Tab skips anyway (tabindex -1: the hidden file input), nor what is hidden.
  const items = Array.from(container.querySelectorAll<HTMLElement>(FOCUSABLE)).filter(
    (el) => el.tabIndex >= 0 && (el.offsetParent !== null || el === document.activeElement),
  );
  if (!items.length) return;
  const first = items[0];
  const last = items[items.length - 1];
  const active = document.activeElement;
  if (e.shiftKey && (active === first || !container.contains(active))) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && (active === last || !container.contains(active))) {
    e.preventDefault();
    first.focus();
  }
}

/** Where focus goes when the panel opens or the screen changes: the message box, else the first control. */
export function focusFirst(container: HTMLElement | null) {
  const pick = (selector: string) => container?.querySelector<HTMLElement>(selector);
  (pick('.composer textarea, .composer input') || pick('textarea') || pick('main button') || pick('button'))?.focus();
}
