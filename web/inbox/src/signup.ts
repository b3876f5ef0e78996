/**
 * Sign-up with an emailed link (PARLEY_SIGNUP invite or open): the form's rules, checked before anything is
 * sent; the server checks them again. An existing account gives its own password once; a new one chooses one.
 */

import type { SignupBody } from './adminApi';
import { checkBusiness, checkName, checkNewPassword, checkRepeat, checkSite, errorsOf, siteOrigin } from './setup';

export type SignupForm = { name: string; password: string; password2: string; business: string; site: string };

export type SignupErrors = Partial<Record<keyof SignupForm, string>>;

export const emptySignup = (): SignupForm => ({ name: '', password: '', password2: '', business: '', site: '' });

export function validateSignup(f: SignupForm, existingAccount: boolean): SignupErrors {
  return errorsOf({
    name: checkName(f.name),
    // An existing account gives its own password once, whatever its length.
    password: existingAccount ? (f.password ? undefined : 'Enter your Parley password.') : checkNewPassword(f.password),
    password2: existingAccount ? undefined : checkRepeat(f.password, f.password2),
    business: checkBusiness(f.business),
    site: checkSite(f.site),
  });
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
