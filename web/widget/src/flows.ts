/**
 * Flows the widget opens itself (docs/bots.md, docs/widget.md): with `flows.on_open` a conversation
 * starts as soon as the chat is opened (the flow greets the visitor); with `flows.pages` one starts
 * after `seconds_on_page` on a page whose URL or path matches `url_pattern`, and the flow's first
 * message becomes the bubble's label. Both start with an empty-body POST /api/v1/visitor/conversations,
 * and only while the visitor has no open conversation. The page flow runs at most once per browser
 * session (the frame's sessionStorage), and not once the visitor has opened the chat.
 */

import { pageMatches } from '../../shared/rich';
import type { WidgetConfig } from '../../shared/protocol';
import type { Conversation } from './api';
import type { Chat } from './chat';
import { DRAFT } from './messages';

/** How long the teaser waits for the flow's first message. */
export const TEASER_WAIT_MS = 30_000;

export type FlowsDeps = {
  chat: Chat;
  config: WidgetConfig;
  key: string;
  /** The host page's URL (from the loader's init); none from an older loader. */
  url?: string;
  /** Starts the session if the frame has not yet (a background frame starts it only when needed). */
  ensureStarted: () => Promise<unknown>;
  storage?: () => Storage | null;
};

/** A conversation the visitor can still write in and is not resolved: no flow starts beside it. */
export const hasOpenConversation = (conversations: Conversation[]) => conversations.some((c) => c.status != 'resolved');

/** How long a flow's start waits for the socket before starting anyway. */
export const ONLINE_WAIT_MS = 5_000;

export class Flows {
  /** Started for this opening of the panel (reset when it closes): one start per open. */
  private startedForOpen = false;
  private starting = false;
  private timer: any;
  private seenInMemory = false;
  private wasOpen = false;

  constructor(private readonly deps: FlowsDeps) {
    // The chat opening (with its session ready) is when on_open applies; it also ends any page flow wait.
    deps.chat.subscribe(() => this.check());
  }

  /** Arms the page flow: the first pattern that matches the page, after its time on the page. */
  watchPage() {
    const { config, url } = this.deps;
    if (!url || this.seen()) return;
    const page = (config.flows?.pages || []).find((p) => p && pageMatches(p.url_pattern, url));
    if (!page) return;
    const seconds = Math.max(0, Number(page.seconds_on_page) || 0);
    this.timer = setTimeout(() => this.runPage(), seconds * 1000);
  }

  private check() {
    const { state } = this.deps.chat;
    if (state.open != this.wasOpen) {
      this.wasOpen = state.open;
      if (state.open) {
        // The visitor came to the chat: the page flow's invitation is no longer needed.
        clearTimeout(this.timer);
        this.markSeen();
      } else this.startedForOpen = false;
    }
    if (state.open && state.started && !this.startedForOpen) {
      this.startedForOpen = true;
      // A flow in progress (after a reload, on another page) opens where it was: its question waits for an answer.
      const inFlow = state.conversations.find((c) => c.status != 'resolved' && c.owner?.type == 'flow');
      if (inFlow) {
        if (state.view == null) this.deps.chat.show(inFlow.id);
      } else if (this.deps.config.flows?.on_open && !hasOpenConversation(state.conversations)) {
        this.start().then((c) => {
          // Shown unless the visitor went elsewhere meanwhile (another conversation, or a draft of their own).
          const view = this.deps.chat.state.view;
          if (c && (view == null || (view == DRAFT && !this.deps.chat.state.threads[DRAFT]?.length))) this.deps.chat.show(c.id);
        });
      }
    }
  }

  private async runPage() {
    const { chat } = this.deps;
    if (chat.state.open || this.seen()) return;
    try {
      await this.deps.ensureStarted();
    } catch {
      return;
    }
    if (!chat.state.started || chat.state.open || hasOpenConversation(chat.state.conversations)) return;
    this.markSeen();
    const conversation = await this.start();
    if (conversation) this.teaseWith(conversation.id);
  }

  /** The flow's first message (from the team) becomes the bubble's label, unless the chat is open by then. */
  private teaseWith(id: string) {
    const { chat } = this.deps;
    let done = false;
    const stop = () => {
      done = true;
      unsubscribe();
      clearTimeout(giveUp);
    };
    const look = () => {
      if (done) return;
      const first = (chat.state.threads[id] || []).find((m) => m.sender.type != 'contact' && m.text);
      if (!first && !chat.state.open) return;
      stop();
      if (first && !chat.state.open) chat.tease(first.text);
    };
    const unsubscribe = chat.subscribe(look);
    const giveUp = setTimeout(stop, TEASER_WAIT_MS);
    look();
  }

  /** Starts a conversation with no message; the flow's greeting follows (live, and loaded here). */
  private async start(): Promise<Conversation | undefined> {
    if (this.starting) return;
    this.starting = true;
    const { chat } = this.deps;
    try {
      chat.wake();
      // Once the socket is registered (ready), every message of the new conversation reaches it live; before, the
      // flow's second message could be written after the REST load below and before the socket existed, and be lost.
      await this.online();
      const { conversation } = await chat.deps.api.startEmpty();
      chat.upsertConversation(conversation);
      await chat.load(conversation.id);
      return conversation;
    } catch {
      return undefined; // a refusal or an outage: the visitor can still start one themselves
    } finally {
      this.starting = false;
    }
  }

  /** Resolves when the socket is online (or after ONLINE_WAIT_MS: a start over REST still loads what is there). */
  private online(): Promise<void> {
    const { chat } = this.deps;
    return new Promise((resolve) => {
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        unsubscribe();
        clearTimeout(timer);
        resolve();
      };
      const unsubscribe = chat.subscribe(() => chat.state.status == 'online' && finish());
      const timer = setTimeout(finish, ONLINE_WAIT_MS);
      if (chat.state.status == 'online') finish();
    });
  }

  private storage(): Storage | null {
    try {
      return this.deps.storage ? this.deps.storage() : sessionStorage;
    } catch {
      return null;
    }
  }

  private seen(): boolean {
    try {
      return this.seenInMemory || this.storage()?.getItem(`parley:${this.deps.key}:page`) == '1';
    } catch {
      return this.seenInMemory;
    }
  }

  private markSeen() {
    this.seenInMemory = true;
    try {
      this.storage()?.setItem(`parley:${this.deps.key}:page`, '1');
    } catch {}
  }
}
