/**
 * Ways the conversation follows the visitor after they leave (docs/push.md, docs/widget.md): web push
 * through Parley's push page, and the email ask. Components only call these methods.
 */

import type { VisitorApi } from './api';
import type { Message } from './messages';

/** With the team online, the email ask waits this long for an answer. */
export const ASK_AFTER = 60_000;

/**
 * Milliseconds until the email ask shows in a thread: since the visitor's first message that no agent
 * has answered yet, 60 s when the team is online, at once when it is not. Null when there is nothing
 * unanswered.
 */
export function emailAskDelay(messages: Message[], teamOnline: boolean, now: number): number | null {
  let since: number | null = null;
  for (const m of messages) {
    if (m.sender.type == 'agent') since = null;
    else if (m.sender.type == 'contact' && m.state != 'failed' && since == null) since = m.createdAt;
  }
  if (since == null) return null;
  if (!teamOnline) return 0;
  // Clamped: createdAt may come from the server's clock.
  return Math.min(ASK_AFTER, Math.max(0, ASK_AFTER - (now - since)));
}

export function validEmail(value: string): boolean {
  return value.length <= 254 && /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(value);
}

/** How the push page ended: turned on, a blocked popup, or closed without success. */
export type PushResult = 'on' | 'blocked' | 'closed';

export type FollowUpDeps = {
  /** The widget key: flags are per workspace. */
  key: string;
  api: VisitorApi;
  /** `<parley>/me/push.html?locale=xx` */
  pushUrl: string;
  win?: Window;
  storage?: () => Storage | null;
};

export class FollowUp {
  private readonly win: Window;
  /** Flags set here, for when storage is blocked (third-party storage in some browsers). */
  private memory = new Set<string>();

  constructor(private readonly deps: FollowUpDeps) {
    this.win = deps.win || window;
  }

  pushSupported(): boolean {
    return 'Notification' in this.win;
  }

  pushOn(): boolean {
    return this.flag('push');
  }

  /** The email ask was answered or dismissed in this browser: it never shows again. */
  emailDone(): boolean {
    return this.flag('email');
  }

  dismissEmail() {
    this.setFlag('email');
  }

  async saveEmail(email: string): Promise<void> {
    await this.deps.api.contact({ email });
    this.setFlag('email');
  }

  /**
   * Opens the push page (a popup, else a new tab) and hands it the visitor token once it says it is
   * ready. Only that window, on Parley's own origin, gets the token; it resolves when the page reports
   * success, or when the window is closed.
   */
  openPush(): Promise<PushResult> {
    const win = this.win;
    const url = this.deps.pushUrl;
    const page = win.open(url, 'parley-push', 'popup,width=440,height=600') || win.open(url, '_blank');
    if (!page) return Promise.resolve('blocked');
    const origin = win.location.origin;
    return new Promise((resolve) => {
      const finish = (result: PushResult) => {
        win.removeEventListener('message', listener);
        clearInterval(timer);
        if (result == 'on') this.setFlag('push');
        resolve(result);
      };
      const listener = (e: MessageEvent) => {
        if (e.source !== page || e.origin !== origin || !e.data) return;
        if (e.data.type == 'parley-push-ready') page.postMessage({ type: 'parley-push-token', token: this.deps.api.token }, origin);
        // A refusal keeps the page open: the visitor may still try again there.
        if (e.data.type == 'parley-push-done' && e.data.ok === true) finish('on');
      };
      win.addEventListener('message', listener);
      const timer = setInterval(() => page.closed && finish('closed'), 1000);
    });
  }

  private storage(): Storage | null {
    try {
      return this.deps.storage ? this.deps.storage() : this.win.localStorage;
    } catch {
      return null; // third-party storage blocked: flags last for this page only
    }
  }

  private flag(name: string): boolean {
    if (this.memory.has(name)) return true;
    try {
      return this.storage()?.getItem(`parley:${this.deps.key}:${name}`) == '1';
    } catch {
      return false;
    }
  }

  private setFlag(name: string) {
    this.memory.add(name);
    try {
      this.storage()?.setItem(`parley:${this.deps.key}:${name}`, '1');
    } catch {
      // kept in memory only
    }
  }
}
