/**
 * postMessage protocol between the loader (host page) and the frame (Parley origin); see
 * docs/widget.md. Each side posts only to the other's exact origin and accepts a message only
 * when both `event.origin` and `event.source` are the expected ones.
 */

/** GET /api/v1/widget/config */
export type WidgetConfig = {
  workspace_name: string;
  /** `#rrggbb`, lower-case. */
  color?: string;
  /** The text colour on `color` (white or black, WCAG AA); absent from older servers. */
  text_color?: string;
  position?: 'left' | 'right';
  launcher_label?: string | null;
  greeting?: string | null;
  /** Optional: show `greeting` beside the bubble after this many seconds. */
  greeting_delay_seconds?: number | null;
  expected_reply_time?: string | null;
  team_online?: boolean;
  /** The language the server chose the business's texts for (`en`, `fr` or `de`). */
  locale?: string;
  /** With the team online, how long the widget waits for an agent's answer before asking for an email (0: at once). */
  email_ask_delay_seconds?: number;
  /** Flows the widget opens itself (docs/bots.md); absent on older servers: none. */
  flows?: WidgetFlows | null;
};

/** `on_open`: start a conversation as soon as the chat is opened; `pages`: after a time on a matching page. */
export type WidgetFlows = { on_open?: boolean; pages?: PageFlow[] | null };
/** `url_pattern`: `*` matches any characters, against the page's whole URL or its path. */
export type PageFlow = { url_pattern: string; seconds_on_page?: number | null };

/** A message as the host page's `Parley('on', 'message', fn)` handlers see it. */
export type PublicMessage = {
  id: string;
  conversation_id: string;
  text: string;
  sender: { type: string; name?: string | null };
  created_at: number;
};

export type ToFrame =
  | {
      type: 'init';
      token?: string;
      /** The loader's analytics id of this browser, sent with the session so its earlier activity becomes the visitor's (absent without consent). */
      anon?: string;
      config: WidgetConfig;
      open: boolean;
      /** The loader's "ongoing conversation" flag (missing from older loaders). */
      active?: boolean;
      /** The host page's URL and how long it has been open (ms), for page flows. */
      url?: string;
      ms?: number;
    }
  | { type: 'open' }
  | { type: 'close' };

export type FromFrame =
  | { type: 'ready' }
  | { type: 'session'; token: string }
  | { type: 'state'; unread: number; unreadText: string; active: boolean; teaser?: string }
  | { type: 'notify'; title: string }
  | { type: 'message'; message: PublicMessage }
  | { type: 'close' };
