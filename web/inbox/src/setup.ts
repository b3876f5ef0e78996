/**
 * The first-run form's rules, checked in the browser so a mistake is named beside its field before
 * anything is sent; the server checks the same again (GET/POST /api/v1/setup).
 */

import type { SetupBody } from './adminApi';

export type SetupForm = {
  name: string;
  email: string;
  password: string;
  password2: string;
  business: string;
  site: string;
  token: string;
};

export type SetupErrors = Partial<Record<keyof SetupForm, string>>;

export const MIN_PASSWORD = 10;

export const emptySetup = (): SetupForm => ({ name: '', email: '', password: '', password2: '', business: '', site: '', token: '' });

/**
 * The site's origin ("https://shop.example", "http://localhost:8080") from what people paste, or null when
 * it is no web address. A page's address is reduced to its origin, as the server does, since the widget is
 * allowed per origin; a missing https:// is not guessed.
 */
export function siteOrigin(text: string): string | null {
  const t = text.trim();
  if (!/^https?:\/\/[^/?#\s]+([/?#]\S*)?$/i.test(t)) return null;
  try {
    const u = new URL(t);
    if (u.username || u.password || !u.hostname) return null;
    return u.origin;
  } catch {
    return null;
  }
}

/** The rules the setup and sign-up forms share: each a message, or undefined when the value is fine. */
export const checkName = (name: string) =>
  !name.trim() ? 'Enter your name.' : name.trim().length > 100 ? 'At most 100 characters.' : undefined;
export const checkNewPassword = (password: string) =>
  password.length < MIN_PASSWORD ? `At least ${MIN_PASSWORD} characters.` : password.length > 200 ? 'At most 200 characters.' : undefined;
export const checkRepeat = (password: string, repeat: string) => (repeat != password ? 'The two passwords differ.' : undefined);
export const checkBusiness = (business: string) =>
  !business.trim() ? 'Enter your business’s name.' : business.trim().length > 100 ? 'At most 100 characters.' : undefined;
export const checkSite = (site: string) =>
  siteOrigin(site) ? undefined : 'Enter the site’s address with https://, like https://shop.example.';

/** Only the fields that have a message. */
export function errorsOf<K extends string>(found: Partial<Record<K, string | undefined>>): Partial<Record<K, string>> {
  return Object.fromEntries(Object.entries(found).filter(([, v]) => v)) as Partial<Record<K, string>>;
}

export function validateSetup(f: SetupForm, tokenRequired: boolean): SetupErrors {
  const e: SetupErrors = errorsOf({
    name: checkName(f.name),
    email: /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(f.email.trim()) ? undefined : 'Enter an email address, like you@shop.example.',
    password: checkNewPassword(f.password),
    password2: checkRepeat(f.password, f.password2),
    business: checkBusiness(f.business),
    site: checkSite(f.site),
  });
  if (tokenRequired && !f.token.trim()) e.token = 'Enter the setup token from the server’s log.';
  return e;
}

export function toSetupBody(f: SetupForm, tokenRequired: boolean): SetupBody {
  return {
    ...(tokenRequired ? { setup_token: f.token.trim() } : {}),
    name: f.name.trim(),
    email: f.email.trim(),
    password: f.password,
    business_name: f.business.trim(),
    site_url: siteOrigin(f.site) ?? f.site.trim(),
  };
}
