/**
 * Flows (docs/bots.md): the wire shapes and REST calls of the Bots settings page, and small display helpers.
 * The editable form model is in flowModel.ts. No DOM here; FlowEditor.tsx draws it.
 */
import { ApiError, call } from './api';

// ---- wire shapes (docs/bots.md) ----

export const STEP_TYPES = ['say', 'ask', 'set', 'branch', 'wait', 'assign', 'handoff', 'resolve', 'answer'] as const;
export type StepType = (typeof STEP_TYPES)[number];
export const INPUTS = ['text', 'email', 'phone', 'number', 'date', 'choice'] as const;
export type Input = (typeof INPUTS)[number];
export const TRIGGERS = ['conversation_started', 'first_message', 'page', 'ref', 'outside_hours'] as const;
export type TriggerType = (typeof TRIGGERS)[number];
export const SUBJECTS = ['answer', 'attribute', 'business_hours', 'page_url', 'ref', 'language'] as const;
export type Subject = (typeof SUBJECTS)[number];
export const OPS = ['equals', 'contains', 'matches', 'exists', 'gt', 'lt', 'is_open', 'is_closed'] as const;
export type Op = (typeof OPS)[number];

export type Choice = { label: string; value: string };
export type Condition = { subject: string; name?: string; op: string; value?: string | number };
export type Branch = { when: Condition; next?: string };
/** A step as the server stores it; fields beyond those of its type are kept as they are. */
export type Step = { id: string; type: string; next?: string; [field: string]: unknown };
export type Trigger = { type: string; url_pattern?: string; seconds_on_page?: number | string; ref?: string };
export type Definition = { name?: string; trigger?: Trigger; timeout_seconds?: number | string; steps: Step[]; [field: string]: unknown };

export type Flow = {
  id: string;
  name: string;
  position: number;
  enabled: boolean;
  draft?: Definition | null;
  published_version?: number | null;
  published_at?: number | null;
  updated_at?: number;
  versions?: { version: number; published_at: number; published_by?: string | null }[];
};

/** A validation problem: `step` is a step id, `field` a field of it (or of the flow when no step). */
export type Problem = { step?: string; field?: string; message: string };

export type Answer = { text: string; payload?: string };
export type QuickReply = { label: string; payload: string };
export type RichButton = { label: string; payload?: string; url?: string };
export type Content = {
  quick_replies?: QuickReply[];
  buttons?: RichButton[];
  cards?: { title: string; subtitle?: string; image_url?: string; buttons?: RichButton[] }[];
  input?: { type: string; placeholder?: string };
  [key: string]: unknown;
};
export type SimulateContext = { page_url?: string; ref?: string; language?: string; at?: number };
export type Simulation = {
  transcript: { from: 'bot' | 'visitor'; text: string; content?: Content | null }[];
  attributes: { contact?: Record<string, unknown>; conversation?: Record<string, unknown> };
  outcome: 'waiting' | 'handed_off' | 'resolved';
  step?: string;
  reason?: string;
};
export type VersionStats = {
  version: number;
  started: number;
  resolved: number;
  handed_off: number;
  dropped: number;
  running: number;
  dropped_at?: Record<string, number>;
  /** Runs by how they ended (e.g. kb_answered, kb_not_helpful, kb_no_match for an answer step; docs/kb.md). */
  by_reason?: Record<string, number>;
  median_ms_to_handoff?: number | null;
};

// ---- REST ----

const enc = encodeURIComponent;
/** A single flow may come bare or as `{flow}`; both are accepted. */
const one = (r: any): Flow => (r && r.flow ? r.flow : r);

export const flowsApi = {
  list: () => call<{ flows: Flow[] }>('GET', 'flows').then((r) => [...(r.flows ?? [])].sort((a, b) => a.position - b.position)),
  get: (id: string) => call<any>('GET', `flows/${enc(id)}`).then(one),
  /** With a starter draft; a server that refuses it (400) gets the name alone and makes its own. */
  create: (name: string, definition: Definition) =>
    call<any>('POST', 'flows', { name, definition })
      .catch((e) => (e instanceof ApiError && e.status == 400 ? call<any>('POST', 'flows', { name }) : Promise.reject(e)))
      .then(one),
  update: (id: string, body: { name?: string; definition?: Definition; enabled?: boolean; position?: number }) =>
    call<any>('PATCH', `flows/${enc(id)}`, body).then(one),
  remove: (id: string) => call<{}>('DELETE', `flows/${enc(id)}`),
  validate: (definition: Definition) => call<{ problems?: Problem[] }>('POST', 'flows/validate', { definition }).then((r) => r.problems ?? []),
  simulate: (definition: Definition, answers: Answer[], context?: SimulateContext) =>
    call<Simulation>('POST', 'flows/simulate', { definition, answers, ...(context && Object.keys(context).length ? { context } : {}) }),
  /** Per published version; the list may come bare or under `versions` / `stats`. */
  stats: (id: string) =>
    call<any>('GET', `flows/${enc(id)}/stats`).then((r): VersionStats[] => (Array.isArray(r) ? r : r.versions ?? r.stats ?? [])),
  /** 201 `{version}`, or 422 with the problems (read from the answer, so not through call()). */
  async publish(id: string): Promise<{ version: number } | { problems: Problem[] }> {
    let response: Response;
    try {
      response = await fetch(`/api/v1/flows/${enc(id)}/publish`, { method: 'POST', credentials: 'same-origin' });
    } catch {
      throw new ApiError(0);
    }
    const json = await response.json().catch(() => null);
    if (response.status == 422) return { problems: json?.problems ?? json?.error?.problems ?? [{ message: json?.error?.message || 'The draft has problems.' }] };
    if (!response.ok) throw new ApiError(response.status, json?.error?.code, json?.error?.message);
    return { version: Number(json?.version) };
  },
};

/** Swaps two neighbours of the list (sorted by position): the PATCHes that make `flows[i]` and `flows[j]` trade places. */
export function reorder(flows: Flow[], i: number, j: number): { id: string; position: number }[] {
  if (i < 0 || j < 0 || i >= flows.length || j >= flows.length || i == j) return [];
  const distinct = new Set(flows.map((f) => f.position)).size == flows.length;
  if (distinct) return [{ id: flows[i].id, position: flows[j].position }, { id: flows[j].id, position: flows[i].position }];
  // Positions that tie cannot be swapped: number them all in the new order.
  const order = flows.map((f) => f.id);
  [order[i], order[j]] = [order[j], order[i]];
  return order.map((id, position) => ({ id, position })).filter((p) => flows.find((f) => f.id == p.id)!.position != p.position);
}

// ---- display helpers ----

export function describeTrigger(t: Trigger | undefined): string {
  switch (t?.type) {
    case 'conversation_started':
      return 'When a chat starts';
    case 'first_message':
      return 'On the first message';
    case 'page':
      return `On pages ${t.url_pattern ?? ''}` + (t.seconds_on_page ? ` after ${t.seconds_on_page} s` : '');
    case 'ref':
      return `Ref “${t.ref ?? ''}”`;
    case 'outside_hours':
      return 'Outside business hours';
    default:
      return t?.type ?? '—';
  }
}

export const OUTCOMES: Record<string, string> = { waiting: 'Waiting for the visitor’s answer', handed_off: 'Handed off to the team', resolved: 'Resolved by the flow' };

/** "1 min 05 s" from milliseconds. */
export function duration(ms: number | null | undefined): string {
  if (ms == null || !isFinite(ms)) return '—';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}
