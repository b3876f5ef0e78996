/** The customer API (docs/customer.md): the session is an HttpOnly cookie, so calls only name the path. */

import { ApiError, VisitorApi, type Conversation, type Session } from '../../widget/src/api';

export type Customer = { id: string; email: string };
export type Workspace = { id: string; name: string; color?: string | null };
/** `unread_count`: replies from the team after the customer's read watermark (never their own messages). */
export type Item = {
  conversation: Conversation;
  workspace: Workspace;
  contact_id: string;
  unread_count?: number;
  /** Opened from a web push: the chat uses this visitor token, not the customer session (guest.ts). */
  guest?: { token: string; visitor_id: string };
};
export type PushOpened = VisitorSession & { workspace: Workspace; conversation_id: string };
export type VisitorSession = { token: string; visitor_id: string; contact_id: string };

export { ApiError };

export class CustomerApi {
  constructor(
    private readonly base: string,
    private readonly fetcher: typeof fetch = (...args) => fetch(...args),
  ) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await this.fetcher(this.base + path, {
        method,
        credentials: 'same-origin',
        headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0);
    }
    const json = response.status == 204 ? {} : await response.json().catch(() => null);
    if (!response.ok) throw new ApiError(response.status, json?.error?.code);
    return json as T;
  }

  /** Always answers 202 for a valid address: the email tells the rest. */
  requestLink(email: string) {
    return this.call<object>('POST', 'customer/magic-link', { email });
  }

  signIn(token: string) {
    return this.call<{ customer: Customer; conversation_id?: string }>('POST', 'customer/session', { token });
  }

  /** Spends a push link: a visitor token of the subscriber's contact, and no customer session. */
  openPushLink(token: string) {
    return this.call<PushOpened>('POST', 'customer/push-link', { token });
  }

  async me(): Promise<Customer> {
    return (await this.call<{ customer: Customer }>('GET', 'customer/me')).customer;
  }

  logout() {
    return this.call<object>('POST', 'customer/logout');
  }

  async conversations(): Promise<Item[]> {
    return (await this.call<{ conversations: Item[] }>('GET', 'customer/conversations')).conversations;
  }

  visitorSession(workspaceId: string, contactId: string) {
    return this.call<VisitorSession>('POST', `customer/workspaces/${encodeURIComponent(workspaceId)}/visitor-session`, {
      contact_id: contactId,
    });
  }
}

/**
 * The widget's visitor API for one of the customer's contacts: a "session" is a visitor token minted
 * by the customer API (a new visitor of that contact), then everything is the widget's own code.
 */
export class MeVisitorApi extends VisitorApi {
  constructor(
    base: string,
    private readonly customer: CustomerApi,
    private readonly workspaceId: string,
    private readonly contactId: string,
    fetcher?: typeof fetch,
  ) {
    super(base, '', fetcher);
  }

  override async session(): Promise<Session> {
    const minted = await this.customer.visitorSession(this.workspaceId, this.contactId);
    this.token = minted.token;
    return { ...minted, conversations: await this.conversations() };
  }
}

/** The widget's visitor API with the token a push link gave (guest.ts): no customer session behind it. */
export class GuestVisitorApi extends VisitorApi {
  constructor(
    base: string,
    private readonly guest: { token: string; visitor_id: string; contact_id: string },
    fetcher?: typeof fetch,
  ) {
    super(base, '', fetcher);
    this.token = guest.token;
  }

  override async session(): Promise<Session> {
    this.token = this.guest.token;
    return { ...this.guest, conversations: await this.conversations() };
  }
}
