/**
 * postMessage protocol between the loader (host page) and the frame (Parley origin); see
 * docs/widget.md. Each side posts only to the other's exact origin and accepts a message only
 * when both `event.origin` and `event.source` are the expected ones.
 */

/** GET /api/v1/widget/config */
export type WidgetConfig = {
  workspace_name: string;
  color?: string;
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
};

/** A message as the host page's `Parley('on', 'message', fn)` handlers see it. */
export type PublicMessage = {
  id: string;
  conversation_id: string;
  text: string;
  sender: { type: string; name?: string | null };
  created_at: number;
};

export type ToFrame =
  | { type: 'init'; token?: string; config: WidgetConfig; open: boolean }
  | { type: 'open' }
  | { type: 'close' };

export type FromFrame =
  | { type: 'ready' }
  | { type: 'session'; token: string }
  | { type: 'state'; unread: number; unreadText: string; active: boolean }
  | { type: 'notify'; title: string }
  | { type: 'message'; message: PublicMessage }
  | { type: 'close' };
