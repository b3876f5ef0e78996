/** Keyboard shortcuts of the inbox: a pure mapping from a key event to an action. */

export type Action = 'next' | 'previous' | 'assign-me' | 'resolve' | 'compose' | 'search' | 'help' | 'escape';

export const SHORTCUTS: { keys: string; action: Action; label: string }[] = [
  { keys: 'j', action: 'next', label: 'Next conversation' },
  { keys: 'k', action: 'previous', label: 'Previous conversation' },
  { keys: 'a', action: 'assign-me', label: 'Assign to me' },
  { keys: 'e', action: 'resolve', label: 'Resolve' },
  { keys: 'r or c', action: 'compose', label: 'Focus the reply box' },
  { keys: 's', action: 'search', label: 'Focus search' },
  { keys: '?', action: 'help', label: 'Show this help' },
  { keys: 'Esc', action: 'escape', label: 'Close a dialog or menu, leave a field' },
];

type KeyLike = {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  target?: EventTarget | null;
};

/** True for fields that take typing: the shortcuts stay out of their way. */
export function isTyping(target: EventTarget | null | undefined): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  const tag = el.tagName.toLowerCase();
  if (tag == 'textarea' || tag == 'select' || el.isContentEditable) return true;
  if (tag != 'input') return false;
  const type = ((el as HTMLInputElement).type || 'text').toLowerCase();
  return !['button', 'checkbox', 'radio', 'submit', 'reset'].includes(type);
}

/** The action for a key press, or null. Only Escape works while typing in a field. */
export function shortcutFor(e: KeyLike): Action | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  if (e.key == 'Escape') return 'escape';
  if (isTyping(e.target)) return null;
  switch (e.key) {
    case 'j':
      return 'next';
    case 'k':
      return 'previous';
    case 'a':
      return 'assign-me';
    case 'e':
      return 'resolve';
    case 'r':
    case 'c':
      return 'compose';
    case 's':
    case '/':
      return 'search';
    case '?':
      return 'help';
    default:
      return null;
  }
}

/** The id after (step 1) or before (step -1) `current` in `ids`; the first one when none is open. */
export function step(ids: string[], current: string | null, by: 1 | -1): string | null {
  if (!ids.length) return null;
  const i = current ? ids.indexOf(current) : -1;
  if (i < 0) return ids[0];
  return ids[Math.min(ids.length - 1, Math.max(0, i + by))];
}
