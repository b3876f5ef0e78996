import { describe, expect, it } from 'vitest';
import { parseHash } from './router';
import { emptySignup, toSignupBody, validateSignup } from './signup';

describe('the sign-up link form', () => {
  const filled = { name: 'Bea', password: 'a long password', password2: 'a long password', business: 'Boutique', site: 'https://boutique.example/shop' };

  it('opens from #/signup?token=…, and #/signup alone asks for a link', () => {
    expect(parseHash('#/signup?token=su_abc')).toEqual({ name: 'signup', token: 'su_abc' });
    expect(parseHash('#/signup')).toEqual({ name: 'signup', token: '' });
  });

  it('names every missing field of a new account, with the repeated password', () => {
    const e = validateSignup(emptySignup(), false);
    expect(Object.keys(e).sort()).toEqual(['business', 'name', 'password', 'site']);
    expect(validateSignup({ ...filled, password2: 'other' }, false)).toEqual({ password2: 'The two passwords differ.' });
    expect(validateSignup(filled, false)).toEqual({});
  });

  it('asks an existing account for its password once, whatever its length', () => {
    expect(validateSignup({ ...filled, password: 'short', password2: '' }, true)).toEqual({});
    expect(validateSignup({ ...filled, password: '' }, true)).toEqual({ password: 'Enter your Parley password.' });
  });

  it('sends the site as an origin, as the server keeps it', () => {
    expect(toSignupBody('su_1', filled)).toEqual({
      token: 'su_1', name: 'Bea', password: 'a long password', business_name: 'Boutique', site_url: 'https://boutique.example',
    });
    expect(validateSignup({ ...filled, site: 'boutique.example' }, false).site).toBeDefined();
  });
});
