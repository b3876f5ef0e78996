/** The words of the Visitors screen (Visitors.tsx); plain text only. */

import type { LiveSource, LiveVisitor } from './live';

const pad = (n: number) => String(n).padStart(2, '0');

/** How long the visit has lasted: "42s", "4m 05s", "1h 03m". */
export function timeOnSite(startedAt: number, now: number): string {
  const s = Math.max(0, Math.floor((now - startedAt) / 1000));
  if (s < 60) return s + 's';
  if (s < 3600) return Math.floor(s / 60) + 'm ' + pad(s % 60) + 's';
  return Math.floor(s / 3600) + 'h ' + pad(Math.floor(s / 60) % 60) + 'm';
}

/** The same duration for screen readers and `<time datetime>`: "PT4M5S". */
export function isoDuration(startedAt: number, now: number): string {
  const s = Math.max(0, Math.floor((now - startedAt) / 1000));
  return `PT${Math.floor(s / 3600)}H${Math.floor(s / 60) % 60}M${s % 60}S`;
}

/** A URL's host without "www.", or null when it is not an http(s) URL. */
export function host(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol == 'http:' || u.protocol == 'https:' ? u.hostname.replace(/^www\./, '') : null;
  } catch {
    return null;
  }
}

/** Where the visit came from, most telling first: the campaign (utm), the site's own ref, the referrer's host; else "Direct". */
export function sourceParts(source: LiveSource | null | undefined): string[] {
  const parts: string[] = [];
  const utm = source?.utm;
  if (utm) {
    const campaign = [utm.source, utm.medium, utm.campaign].filter((x) => x && String(x).trim()).join(' / ');
    if (campaign) parts.push(campaign);
  }
  if (source?.ref?.trim()) parts.push('ref ' + source.ref.trim());
  const from = host(source?.referrer);
  if (from) parts.push(from);
  else if (source?.referrer) parts.push(source.referrer.slice(0, 60));
  return parts.length ? parts : ['Direct'];
}

const DEVICES: Record<string, string> = { desktop: 'Desktop', mobile: 'Mobile', tablet: 'Tablet' };

/** "Mobile · Safari on iOS". */
export function deviceText(v: Pick<LiveVisitor, 'device' | 'browser' | 'os'>): string {
  const software = [v.browser, v.os].filter(Boolean).join(' on ');
  return [DEVICES[v.device] ?? v.device, software].filter(Boolean).join(' · ');
}

let regions: Intl.DisplayNames | null | undefined;

/** A country's name from its ISO code ("DE" → "Germany"); the code itself when the browser cannot name it. */
export function countryName(code: string | null | undefined): string | null {
  if (!code) return null;
  if (regions === undefined) {
    try {
      regions = new Intl.DisplayNames(undefined, { type: 'region' });
    } catch {
      regions = null;
    }
  }
  try {
    return (/^[A-Za-z]{2}$/.test(code) && regions?.of(code.toUpperCase())) || code;
  } catch {
    return code;
  }
}

/** A short label of the visitor: the chat visitor's or the browser's id, as the list of conversations shows them. */
export function visitorLabel(v: Pick<LiveVisitor, 'id' | 'visitor_id'>): string {
  return 'Visitor ' + (v.visitor_id || v.id).replace(/-/g, '').slice(-6);
}

/** The count beside the nav entry, for screen readers too: "3 visitors on the site". */
export function countText(n: number): string {
  return n == 1 ? '1 visitor on the site' : `${n} visitors on the site`;
}
