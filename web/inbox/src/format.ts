/** Display helpers: names, initials, times. Everything returned is plain text. */

import type { Conversation, Message } from './types';

export function contactName(c: Pick<Conversation, 'contact' | 'visitor_id'> | undefined | null): string {
  const name = c?.contact?.name?.trim() || c?.contact?.email?.trim();
  return name || 'Visitor ' + (c?.contact?.id || c?.visitor_id || '').replace(/-/g, '').slice(-6);
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (!parts.length) return '?';
  const first = [...parts[0]][0] ?? '';
  const last = parts.length > 1 ? [...parts[parts.length - 1]][0] ?? '' : '';
  return (first + last).toUpperCase();
}

export function senderName(m: Message, contact: string): string {
  if (m.sender.type == 'contact') return contact;
  if (m.sender.type == 'system') return 'System';
  return m.sender.name || (m.sender.type == 'bot' ? 'Bot' : 'Agent');
}

const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const day = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
const short = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const full = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export const formatTime = (ms: number) => time.format(ms);
export const formatFull = (ms: number) => full.format(ms);

export function dayKey(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
}

export function formatDay(ms: number, now = Date.now()): string {
  if (dayKey(ms) == dayKey(now)) return 'Today';
  if (dayKey(ms) == dayKey(now - 86400_000)) return 'Yesterday';
  return day.format(ms);
}

/** "now", "5m", "3h", or a short date: for list rows. */
export function ago(ms: number, now = Date.now()): string {
  const s = Math.max(0, (now - ms) / 1000);
  if (s < 60) return 'now';
  if (s < 3600) return Math.floor(s / 60) + 'm';
  if (s < 86400) return Math.floor(s / 3600) + 'h';
  return short.format(ms);
}

/** A URL shown as text without the scheme, shortened. */
export function shortUrl(url: string, max = 60): string {
  const s = url.replace(/^https?:\/\//, '');
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
}

/** A share from 0 to 1 as a percentage with at most one decimal ("42.5%"); "—" when there is nothing to share. */
export function percent(share: number | null | undefined): string {
  if (share == null || !Number.isFinite(share)) return '—';
  return Math.round(share * 1000) / 10 + '%';
}
