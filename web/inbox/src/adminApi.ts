/**
 * The setup and administration calls (first run, keys, dead letters, the server's workspaces): kept
 * apart from api.ts, which holds what every agent's inbox uses.
 */

import { call } from './api';
import type { Me, NewWorkspace } from './types';

const enc = encodeURIComponent;

/** `signup`: the server's PARLEY_SIGNUP (absent from older servers: closed). */
export type SetupState = { needed: boolean; token_required: boolean; signup?: 'closed' | 'invite' | 'open' };

export type SignupBody = { token: string; name: string; password: string; business_name: string; site_url: string };

export type SetupBody = {
  setup_token?: string;
  name: string;
  email: string;
  password: string;
  business_name: string;
  site_url: string;
};

export type RotatedWidgetKey = { widget_key: string; previous_widget_key: string; previous_key_valid_until: number };

/** A notification job that failed for good (docs/notifications.md). */
export type FailedJob = {
  id: string;
  conversation_id: string;
  contact_id: string;
  channel: string;
  attempts: number;
  last_error?: string | null;
  created_at: number;
  updated_at: number;
};

export type ReplyReachFigures = {
  from: number;
  to: number;
  replies_to_absent: number;
  notified: number;
  notified_share: number;
  answered: number;
  answered_share: number;
};

export type ServerWorkspace = {
  id: string;
  name: string;
  widget_key: string;
  agents: number;
  created_at: number;
  disabled_at?: number | null;
};

export const adminApi = {
  setupState: () => call<SetupState>('GET', 'setup'),
  requestSignup: (email: string) => call<void>('POST', 'signup', { email }),
  lookupSignup: (token: string) => call<{ email: string; existing_account: boolean }>('GET', 'signup/lookup?token=' + enc(token)),
  completeSignup: (body: SignupBody) => call<{ workspace: NewWorkspace }>('POST', 'signup/complete', body),
  /** 201 with the session cookie; the body's agent is partial, so callers read /auth/me next. */
  setup: (body: SetupBody) => call<{ agent: Partial<Me['agent']>; workspace: NewWorkspace }>('POST', 'setup', body),

  rotateWidgetKey: (grace_hours: number) => call<RotatedWidgetKey>('POST', 'workspace/widget-key/rotate', { grace_hours }),
  identitySecret: () => call<{ identity_secret: string }>('GET', 'workspace/identity-secret'),
  rotateIdentitySecret: () => call<{ identity_secret: string }>('POST', 'workspace/identity-secret/rotate'),

  failedNotifications: (limit = 100) => call<{ jobs: FailedJob[] }>('GET', 'notifications/failed?limit=' + limit),
  retryNotification: (id: string) => call<{}>('POST', `notifications/failed/${enc(id)}/retry`),
  replyReach: (from: number, to: number) => call<ReplyReachFigures>('GET', `analytics/reply-reach?from=${from}&to=${to}`),

  serverWorkspaces: () => call<{ workspaces: ServerWorkspace[] }>('GET', 'admin/workspaces'),
  setWorkspaceDisabled: (id: string, disabled: boolean) =>
    call<{}>('POST', `admin/workspaces/${enc(id)}/${disabled ? 'disable' : 'enable'}`),
};
