/**
 * Sign-up with an emailed link (PARLEY_SIGNUP invite or open): the form's rules, checked before anything is
 * sent; the server checks them again. An existing account gives its own password once; a new one chooses one.
 */

import type { SignupBody } from './adminApi';
import { MIN_PASSWORD, siteOrigin } from './setup';

export type SignupForm = { name: string; password: string; password2: string; business: string; site: string };

export type SignupErrors = Partial<Record<keyof SignupForm, string>>;

export const emptySignup = (): SignupForm => ({ name: '', password: '', password2: '', business: '', site: '' });

export function validateSignup(f: SignupForm, existingAccount: boolean): SignupErrors {
  const e: SignupErrors = {};
  if (!f.name.trim()) e.name = 'Enter your name.';
  else if (f.name.trim().length > 100) e.name = 'At most 100 characters.';
  if (existingAccount) {
    if (!f.password) e.password = 'Enter your Parley password.';
  } else {
    if (f.password.length < MIN_PASSWORD) e.password = `At least ${MIN_PASSWORD} characters.`;
    else if (f.password.length > 200) e.password = 'At most 200 characters.';
    if (f.password2 != f.password) e.password2 = 'The two passwords differ.';
  }
  if (!f.business.trim()) e.business = 'Enter your business’s name.';
  else if (f.business.trim().length > 100) e.business = 'At most 100 characters.';
  if (!siteOrigin(f.site)) e.site = 'Enter the site’s address with https://, like https://shop.example.';
  return e;
}

export function toSignupBody(token: string, f: SignupForm): SignupBody {
  return {
    token,
    name: f.name.trim(),
    password: f.password,
    business_name: f.business.trim(),
    site_url: siteOrigin(f.site) ?? f.site.trim(),
  };
}
