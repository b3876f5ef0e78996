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

export function validateSetup(f: SetupForm, tokenRequired: boolean): SetupErrors {
  const e: SetupErrors = {};
  if (!f.name.trim()) e.name = 'Enter your name.';
  else if (f.name.trim().length > 100) e.name = 'At most 100 characters.';
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(f.email.trim())) e.email = 'Enter an email address, like you@shop.example.';
  if (f.password.length < MIN_PASSWORD) e.password = `At least ${MIN_PASSWORD} characters.`;
  else if (f.password.length > 200) e.password = 'At most 200 characters.';
  if (f.password2 != f.password) e.password2 = 'The two passwords differ.';
  if (!f.business.trim()) e.business = 'Enter your business’s name.';
  else if (f.business.trim().length > 100) e.business = 'At most 100 characters.';
  if (!siteOrigin(f.site)) e.site = 'Enter the site’s address with https://, like https://shop.example.';
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
