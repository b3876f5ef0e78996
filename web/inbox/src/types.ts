/** Wire shapes of the agent API (docs/inbox.md, docs/events.md, /api/openapi.json). */

export type Status = 'open' | 'pending' | 'snoozed' | 'resolved';
export type Role = 'owner' | 'admin' | 'agent';
export type Presence = 'online' | 'away' | 'offline';

export type Notifications = { new_conversation: boolean; assigned_message: boolean; mention: boolean; sound: boolean };

export type Agent = {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  presence?: Presence;
  notifications?: Notifications;
};

export type ContactRef = { id: string; name?: string | null; email?: string | null };

export type Page = { url: string; title?: string | null; at: number };

/** Who runs the thread (docs/bots.md, docs/apps.md): the humans, a flow at a published version, or a bot app. */
export type Owner = { type: 'humans' } | { type: 'flow'; id: string; version: number } | { type: 'app'; id: string };

export type Conversation = {
  id: string;
  status: Status;
  snoozed_until?: number | null;
  assignee_id?: string | null;
  contact?: ContactRef | null;
  visitor_id: string;
  last_seq: number;
  agent_read_seq: number;
  visitor_read_seq: number;
  unread_count?: number;
  last_message_preview?: string | null;
  current_page?: Page | null;
  created_at: number;
  last_activity_at: number;
  first_agent_reply_at?: number | null;
  resolved_at?: number | null;
  /** Absent on servers before bots: the humans. */
  owner?: Owner;
  /** Answers a flow saved to the conversation (docs/bots.md); absent on older servers. */
  attributes?: Record<string, unknown>;
  /** Client-side: how the customer was notified of replies (GET .../notified, conversation.notified events). */
  notified?: Notified;
  /** Client-side: the contact's rating (CSAT; GET .../rating, conversation.rated events); null when none. */
  rating?: Rating | null;
};

/** A contact's rating of a resolved conversation: `agent_id` is whom it counts for (assignee, else last replier). */
export type Rating = { conversation_id: string; score: number; comment?: string | null; agent_id?: string | null; created_at: number; updated_at: number };

/** Per channel, the last reply seq it carried to the customer and when. */
export type Notified = { email?: { through_seq: number; at: number }; push?: { through_seq: number; at: number } };

export type Sender = { type: 'contact' | 'agent' | 'bot' | 'system'; id?: string; name?: string | null };

export type Message = {
  id: string;
  conversation_id: string;
  seq: number;
  sender: Sender;
  text: string;
  content?: any;
  private: boolean;
  client_msg_id: string;
  created_at: number;
};

/** A flow as GET /api/v1/flows lists it; the inbox only needs its name. */
export type Flow = { id: string; name: string; enabled?: boolean; published_version?: number | null };

/** `conversation.handed_over` (agents): the new view, the owners before and after, and why. */
export type HandoverReason =
  | 'handoff'
  | 'flow_ended'
  | 'visitor_asked'
  | 'agent_took'
  | 'agent_replied'
  | 'timeout'
  | 'given_back'
  | 'not_understood'
  | 'kb_no_match'
  | 'kb_not_helpful'
  | 'resolved'
  // bot apps (docs/apps.md): an app passed, an agent gave the thread to an app, an app took it, the app was deleted
  | 'passed'
  | 'agent_passed'
  | 'taken'
  | 'app_removed';
export type Handover = { conversation: Conversation; from: Owner; to: Owner; reason: HandoverReason; metadata?: string };

/** `conversation.thread_requested` (agents): an app asks the thread's owner for it; nothing changed yet. */
export type ThreadRequest = { conversation: Conversation; requested_by: Owner; owner: Owner; metadata?: string };

export type Contact = {
  id: string;
  name?: string | null;
  email?: string | null;
  attributes: Record<string, string | number | boolean | null>;
  created_at: number;
  updated_at: number;
};

export type ActivityEntry = {
  type: 'page_view' | 'track';
  url?: string;
  title?: string;
  referrer?: string;
  utm?: Record<string, string>;
  name?: string;
  user_agent?: string;
  at: number;
};

export type VisitorInfo = {
  browser?: string;
  os?: string;
  device?: 'desktop' | 'mobile' | 'tablet';
  user_agent?: string;
  referrer?: string | null;
  utm?: Record<string, string> | null;
  first_seen_at?: number;
  last_seen_at?: number;
};

export type Activity = { current_page?: ActivityEntry; activity: ActivityEntry[]; visitor?: VisitorInfo };

export type Canned = { id: string; shortcut: string; title?: string | null; text: string; created_at: number; updated_at: number };

export type Invitation = { id: string; email: string; role: Role; created_at: number; expires_at: number };

export type ApiKey = { id: string; name: string; prefix: string; created_at: number; key?: string };

export type WorkspaceSettings = {
  color: string;
  position: 'left' | 'right';
  launcher_label: string;
  greeting: string;
  expected_reply_time: string;
  greeting_delay_seconds?: number | null;
  /** Per-language overrides of the three texts (en, fr, de); a missing one falls back to the default. */
  texts?: Partial<Record<Language, WidgetTexts>>;
  /** With the team online, seconds the widget waits for an agent's answer before asking for an email (0: at once). */
  email_ask_delay_seconds?: number;
  /** Days raw visitor activity is kept; missing: the server's default (docs/privacy.md). */
  activity_retention_days?: number;
  file_retention_days?: number;
};

export type Language = 'en' | 'fr' | 'de';
export type WidgetTexts = { launcher_label?: string | null; greeting?: string | null; expected_reply_time?: string | null };

export type Workspace = {
  id: string;
  name: string;
  widget_key: string;
  allowed_origins: string[];
  settings: WorkspaceSettings;
  created_at: number;
};

/** A workspace of the signed-in account, for the switcher. */
export type Membership = { id: string; name: string; role: Role };

/** GET /api/v1/auth/me and sign-in: the agent in the workspace opened, the account's other workspaces. */
export type Me = {
  agent: Agent;
  workspace_id: string;
  workspaces: Membership[];
  server_admin: boolean;
  /** Server admins, and owners when PARLEY_SIGNUP is not closed. */
  can_create_workspace?: boolean;
};

/** A workspace just created (first-run setup, "Add a workspace"). */
export type NewWorkspace = { id: string; name: string; widget_key: string };

export type SearchResult = {
  conversations: { conversation: Conversation; message?: { id: string; seq: number; text: string; snippet: string } }[];
  contacts: Contact[];
};

/** Any frame the server sends on /ws/agent (docs/realtime.md). */
export type ServerFrame = { type: string; [field: string]: any };
