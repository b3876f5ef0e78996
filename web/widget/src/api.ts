/** The visitor REST API, same origin as the frame (docs: README "Try the API", docs/widget.md). */

import type { WireMessage } from './messages';

export type Conversation = {
  id: string;
  status: 'open' | 'pending' | 'snoozed' | 'resolved';
  last_seq: number;
  visitor_read_seq: number;
  agent_read_seq: number;
  last_message_preview?: string | null;
  created_at: number;
  last_activity_at: number;
  /** Who has the thread (docs/bots.md); missing on older servers, which have no flows. */
  owner?: { type: 'humans' | 'flow' } | null;
};

/** The visitor's rating of a resolved conversation (CSAT): `score` 1..5, `comment` optional. */
export type Rating = { conversation_id: string; score: number; comment?: string | null; created_at: number; updated_at: number };

export type Session = { token: string; visitor_id: string; contact_id: string; conversations: Conversation[] };
export type Ack = { message_id: string; conversation_id: string; seq: number; client_msg_id: string; message: WireMessage };

/**
 * An HTTP answer other than 2xx; `status` 0 means the request never got an answer. `retryAfter`
 * (seconds) is the server's Retry-After on a 429 or 503; undefined when it did not say.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code?: string,
    readonly retryAfter?: number,
  ) {
    super(code || 'HTTP ' + status);
  }
}

/** Retry-After in seconds. The server sends delta-seconds only, so an HTTP date counts as unknown. */
export function retryAfterSeconds(header: string | null): number | undefined {
  const seconds = header == null || header.trim() == '' ? NaN : Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds) : undefined;
}

/** What a session tells the server about the visitor: the widget's language and the browser's time zone (for emails). */
export type VisitorLocale = { locale?: string; timeZone?: string };

export class VisitorApi {
  token = '';
  /** The loader's analytics id of this browser (from `init`): the server links its earlier page activity to the visitor. */
  anon?: string;

  constructor(
    /** The API's URL; the code for files (attach.tsx, files.ts) makes its requests from it. */
    readonly base: string,
    private readonly workspaceKey: string,
    private readonly fetcher: typeof fetch = (...args) => fetch(...args),
    private readonly visitorLocale: VisitorLocale = {},
  ) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await this.fetcher(this.base + path, {
        method,
        headers: { Authorization: 'Bearer ' + this.token, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0);
    }
    const json = await response.json().catch(() => null);
    if (!response.ok) throw new ApiError(response.status, json?.error?.code, retryAfterSeconds(response.headers.get('Retry-After')));
    return json as T;
  }

  async session(token?: string): Promise<Session> {
    const { locale, timeZone } = this.visitorLocale;
    const session = await this.call<Session>('POST', 'visitor/session', {
      workspace_key: this.workspaceKey,
      token,
      locale,
      time_zone: timeZone,
      anon: this.anon,
    });
    this.token = session.token;
    return session;
  }

  async conversations(): Promise<Conversation[]> {
    return (await this.call<{ conversations: Conversation[] }>('GET', 'visitor/conversations')).conversations;
  }

  /** Starts a conversation with its first message (text, a tap's payload, or files); the same id again is the same one. */
  start(clientMsgId: string, text: string, payload?: string, attachments?: string[]) {
    return this.call<{ conversation: Conversation; message: WireMessage }>('POST', 'visitor/conversations', {
      client_msg_id: clientMsgId,
      text,
      payload,
      attachments,
    });
  }

  /** Starts a conversation with no message (an empty body): a flow greets the visitor (docs/bots.md). */
  startEmpty() {
    return this.call<{ conversation: Conversation }>('POST', 'visitor/conversations');
  }

  /** Every message after `after`, following `has_more` page by page. */
  async messages(conversationId: string, after = 0): Promise<WireMessage[]> {
    const all: WireMessage[] = [];
    for (let page = 0; page < 50; page++) {
      const r = await this.call<{ messages: WireMessage[]; has_more: boolean }>(
        'GET',
        `visitor/conversations/${encodeURIComponent(conversationId)}/messages?after=${after}&limit=100`,
      );
      all.push(...r.messages);
      if (!r.has_more || !r.messages.length) break;
      after = r.messages[r.messages.length - 1].seq;
    }
    return all;
  }

  /**
   * `payload`: a tapped quick reply or postback button; `attachments`: uploaded file ids. Each is left
   * out of the body when undefined.
   */
  send(conversationId: string, clientMsgId: string, text: string, payload?: string, attachments?: string[]) {
    return this.call<Ack>('POST', `visitor/conversations/${encodeURIComponent(conversationId)}/messages`, {
      client_msg_id: clientMsgId,
      text,
      payload,
      attachments,
    });
  }

  /** Identify from the frame (the email ask): PATCH /api/v1/visitor/contact. */
  contact(change: { email: string }) {
    return this.call<{ contact: { id: string; email?: string | null } }>('PATCH', 'visitor/contact', change);
  }

  /** The visitor's rating of the conversation, or null when there is none yet. */
  async rating(conversationId: string): Promise<Rating | null> {
    return (await this.call<{ rating?: Rating | null }>('GET', `visitor/conversations/${encodeURIComponent(conversationId)}/rating`)).rating ?? null;
  }

  /** Rates a resolved conversation; rating again replaces the rating, comment included (409 when not resolved). */
  async rate(conversationId: string, score: number, comment?: string | null): Promise<Rating> {
    const path = `visitor/conversations/${encodeURIComponent(conversationId)}/rating`;
    return (await this.call<{ rating: Rating }>('PUT', path, { score, comment: comment || undefined })).rating;
  }

  read(conversationId: string, seq: number) {
    return this.call<Conversation>('POST', `visitor/conversations/${encodeURIComponent(conversationId)}/read`, { seq });
  }
}

/** The browser's IANA time zone (Europe/Paris), or undefined where the browser does not say. */
export function browserTimeZone(): string | undefined {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
  } catch {
    return undefined;
  }
}
