/** Creating a business on a server that allows it: ask for a link (open sign-up), then the form the link opens. */
import { useEffect, useState } from 'preact/hooks';
import { adminApi } from './adminApi';
import { api, ApiError, errorText } from './api';
import { Card } from './Auth';
import { MIN_PASSWORD } from './setup';
import { emptySignup, toSignupBody, validateSignup, type SignupErrors, type SignupForm } from './signup';
import type { Me, NewWorkspace } from './types';

/** "Create a business": the email the link goes to. The answer is the same whether it has an account or not. */
export function SignupRequest() {
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const [error, setError] = useState('');
  async function submit(e: Event) {
    e.preventDefault();
    setError('');
    try {
      await adminApi.requestSignup(email.trim());
      setSent(true);
    } catch (err) {
      setError(err instanceof ApiError && err.code == 'signup_closed' ? 'Sign-up is not open on this server.' : errorText(err));
    }
  }
  return (
    <Card title="Create your business">
      {sent ? (
        <p role="status" data-testid="signup-sent">A link to create your business is on its way to {email.trim()}. It works once, for three days.</p>
      ) : (
        <form onSubmit={submit} data-testid="signup-request-form">
          <label for="signup-email">Your email</label>
          <input id="signup-email" data-testid="signup-email" type="email" autocomplete="email" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
          {error && <p class="error" role="alert">{error}</p>}
          <button class="primary" type="submit" data-testid="signup-request-submit">Send me the link</button>
        </form>
      )}
      <p class="muted">
        <a href="#/">Back to sign in</a>
      </p>
    </Card>
  );
}

/** The form a sign-up link opens: the business, and the account (new, or existing with its password). */
export function SignupComplete({ token, onDone }: { token: string; onDone: (me: Me, workspace: NewWorkspace) => void }) {
  const [info, setInfo] = useState<{ email: string; existing_account: boolean } | null>(null);
  const [lookupError, setLookupError] = useState('');
  const [form, setForm] = useState<SignupForm>(emptySignup);
  const [errors, setErrors] = useState<SignupErrors>({});
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    adminApi.lookupSignup(token).then(setInfo, (e) =>
      setLookupError((e as any).status == 404 ? 'This link is unknown, used or expired. Ask for a new one.' : errorText(e)),
    );
  }, [token]);
  const set = (field: keyof SignupForm, value: string) => setForm((f) => ({ ...f, [field]: value }));
  async function submit(e: Event) {
    e.preventDefault();
    const found = validateSignup(form, !!info?.existing_account);
    setErrors(found);
    setError('');
    const first = (Object.keys(found) as (keyof SignupForm)[]).find((k) => found[k]);
    if (first) return document.getElementById('signup-' + first)?.focus();
    setBusy(true);
    try {
      const r = await adminApi.completeSignup(toSignupBody(token, form));
      location.hash = '#/';
      onDone(await api.me(), r.workspace);
    } catch (err) {
      setBusy(false);
      setError((err as any).status == 401 ? 'Wrong password.' : errorText(err));
    }
  }
  const field = (name: keyof SignupForm, label: string, type = 'text', autocomplete?: string) => (
    <>
      <label for={'signup-' + name}>{label}</label>
      <input
        id={'signup-' + name}
        data-testid={'signup-' + name}
        type={type}
        autocomplete={autocomplete}
        required
        value={form[name]}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={errors[name] ? 'signup-' + name + '-error' : undefined}
        onInput={(e) => set(name, e.currentTarget.value)}
      />
      {errors[name] && (
        <p class="error field-error" id={'signup-' + name + '-error'}>
          {errors[name]}
        </p>
      )}
    </>
  );
  return (
    <Card title="Create your business">
      {lookupError ? (
        <p class="error" role="alert" data-testid="signup-error">{lookupError}</p>
      ) : !info ? (
        <p aria-busy="true">Checking the link…</p>
      ) : (
        <form onSubmit={submit} noValidate data-testid="signup-form">
          <p>
            For <strong>{info.email}</strong>
            {info.existing_account ? ', who has a Parley account already: the business is added to it.' : '.'}
          </p>
          {field('name', 'Your name', 'text', 'name')}
          {info.existing_account
            ? field('password', 'Your Parley password', 'password', 'current-password')
            : (
              <>
                {field('password', `Password (at least ${MIN_PASSWORD} characters)`, 'password', 'new-password')}
                {field('password2', 'Repeat the password', 'password', 'new-password')}
              </>
            )}
          {field('business', 'Business name', 'text', 'organization')}
          {field('site', 'Your site’s address (like https://shop.example)', 'url', 'url')}
          {error && <p class="error" role="alert">{error}</p>}
          <button class="primary" type="submit" data-testid="signup-submit" disabled={busy}>
            {busy ? 'Creating…' : 'Create my business'}
          </button>
        </form>
      )}
    </Card>
  );
}
