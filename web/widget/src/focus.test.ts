// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { trapTab } from './focus';

describe('Tab inside the panel', () => {
  it('wraps from the paperclip to the first control while Send is off, skipping the hidden file input', () => {
    const panel = document.createElement('div');
    panel.innerHTML =
      '<button id="close">×</button><textarea></textarea><button id="clip">📎</button>' +
      '<input type="file" tabindex="-1" aria-hidden="true"><button id="send" disabled>Send</button>';
    document.body.append(panel);
    panel.querySelector<HTMLElement>('#clip')!.focus();
    const tab = new KeyboardEvent('keydown', { key: 'Tab', cancelable: true });
    trapTab(tab, panel);
    expect(tab.defaultPrevented).toBe(true);
    expect(document.activeElement!.id).toBe('close');
    panel.remove();
  });
});
