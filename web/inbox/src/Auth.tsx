import { useEffect, useState } from 'preact/hooks';
import { api, errorText, type InvitationInfo } from './api';
import type { Me } from './types';

export function Card({ title, children }: { title: string; children: any }) {
  return (
    <main class="auth" id="main">
      <div class="auth-card">
        <div class="brand" aria-hidden="true">Parley</div>
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  );
}

export function Login({ onSignedIn, signupOpen }: { onSignedIn: (me: Me) => void; signupOpen?: boolean }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      await api.login(email.trim(), password);
      onSignedIn(await api.me());
    } catch (err) {
      setError((err as any).status == 401 ? 'Wrong email or password.' : errorText(err));
      setBusy(false);
    }
  }
  return (
    <Card title="Sign in">
      <form onSubmit={submit} data-testid="login-form" aria-describedby={error ? 'login-error' : undefined}>
        <label for="login-email">Email</label>
        <input id="login-email" data-testid="login-email" type="email" autocomplete="username" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
        <label for="login-password">Password</label>
        <input id="login-password" data-testid="login-password" type="password" autocomplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        {error && <p class="error" id="login-error" role="alert" data-testid="login-error">{error}</p>}
        <button class="primary" type="submit" data-testid="login-submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p class="muted">
        <a href="#/forgot" data-testid="forgot-link">Forgot password?</a>
        {signupOpen && (
          <>
            {' · '}
            <a href="#/signup" data-testid="signup-link">Create a business</a>
          </>
        )}
      </p>
    </Card>
  );
}

export function Forgot() {
  const [email, setEmail] = useState('');
  const [done, setDone] = useState(false);
  const [error, setError] = useState('');
  async function submit(e: Event) {
    e.preventDefault();
    setError('');
    try {
      await api.forgot(email.trim());
      setDone(true);
    } catch (err) {
      setError(errorText(err));
    }
  }
  return (
    <Card title="Reset your password">
      {done ? (
        <p role="status" data-testid="forgot-done">If an account exists for that email, a link to reset the password is on its way. It is valid for one hour.</p>
      ) : (
        <form onSubmit={submit} data-testid="forgot-form">
          <label for="forgot-email">Email</label>
          <input id="forgot-email" data-testid="forgot-email" type="email" autocomplete="username" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
          {error && <p class="error" role="alert">{error}</p>}
          <button class="primary" type="submit" data-testid="forgot-submit">Send reset link</button>
        </form>
      )}
      <p class="muted">
        <a href="#/">Back to sign in</a>
      </p>
    </Card>
  );
}

function PasswordFields({ value, onInput, confirm, onConfirm, min }: { value: string; onInput: (v: string) => void; confirm: string; onConfirm: (v: string) => void; min: number }) {
  return (
    <>
      <label for="new-password">New password (at least {min} characters)</label>
      <input id="new-password" data-testid="new-password" type="password" autocomplete="new-password" minLength={min} maxLength={200} required value={value} onInput={(e) => onInput(e.currentTarget.value)} />
      <label for="confirm-password">Repeat the new password</label>
      <input id="confirm-password" data-testid="confirm-password" type="password" autocomplete="new-password" required value={confirm} onInput={(e) => onConfirm(e.currentTarget.value)} />
    </>
  );
}

export function Reset({ token }: { token: string }) {
  const [pw, setPw] = useState('');
  const [pw2, setPw2] = useState('');
  const [error, setError] = useState('');
  const [done, setDone] = useState(false);
  async function submit(e: Event) {
    e.preventDefault();
    if (pw != pw2) return setError('The two passwords differ.');
    setError('');
    try {
      await api.resetPassword(token, pw);
      setDone(true);
    } catch (err) {
      setError((err as any).code == 'invalid_token' ? 'This link is invalid, used or expired. Ask for a new one.' : errorText(err));
    }
  }
  return (
    <Card title="Choose a new password">
      {!token ? (
        <p class="error">This link has no token. Open the link from the email again.</p>
      ) : done ? (
        <p role="status" data-testid="reset-done">
          Your password is changed. <a href="#/">Sign in</a>
        </p>
      ) : (
        <form onSubmit={submit} data-testid="reset-form">
          <PasswordFields min={10} value={pw} onInput={setPw} confirm={pw2} onConfirm={setPw2} />
          {error && <p class="error" role="alert">{error}</p>}
          <button class="primary" type="submit" data-testid="reset-submit">Change password</button>
        </form>
      )}
      <p class="muted">
        <a href="#/forgot">Ask for a new link</a>
      </p>
    </Card>
  );
}

export function Invite({ token, onSignedIn }: { token: string; onSignedIn: (me: Me) => void }) {
  const [info, setInfo] = useState<InvitationInfo | null>(null);
  const [lookupError, setLookupError] = useState('');
  const [name, setName] = useState('');
  const [pw, setPw] = useState('');
  const [pw2, setPw2] = useState('');
  const [error, setError] = useState('');
  useEffect(() => {
    if (!token) return setLookupError('This link has no token.');
    api.lookupInvitation(token).then(
      (i) => (setInfo(i), setName(i.name ?? '')),
      (e) => setLookupError((e as any).status == 404 ? 'This invitation is invalid, used or expired. Ask for a new one.' : errorText(e)),
    );
  }, [token]);
  const existing = !!info?.existing_account;
  async function submit(e: Event) {
    e.preventDefault();
    if (!existing && pw != pw2) return setError('The two passwords differ.');
    setError('');
    try {
      await api.acceptInvitation(token, name.trim(), pw);
      location.hash = '#/';
      // The answer names only the new membership; /auth/me adds the account's workspaces for the switcher.
      onSignedIn(await api.me());
    } catch (err) {
      setError(existing && (err as any).status == 401 ? 'Wrong password.' : errorText(err));
    }
  }
  return (
    <Card title={existing ? 'Sign in to accept' : 'Join your team'}>
      {lookupError ? (
        <p class="error" role="alert" data-testid="invite-error">{lookupError}</p>
      ) : !info ? (
        <p aria-busy="true">Checking the invitation…</p>
      ) : (
        <form onSubmit={submit} data-testid="invite-form" data-existing-account={existing}>
          <p>
            You are invited to <strong>{info.workspace_name}</strong> as {info.role}, with the email <strong>{info.email}</strong>.
          </p>
          {existing && <p class="muted">You already have a Parley account with this email: sign in with it to add this workspace.</p>}
          <label for="invite-name">{existing ? 'Your name in this workspace (empty: the one you have)' : 'Your name'}</label>
          <input id="invite-name" data-testid="invite-name" autocomplete="name" required={!existing} maxLength={100} value={name} onInput={(e) => setName(e.currentTarget.value)} />
          {existing ? (
            <>
              <label for="invite-password">Your Parley password</label>
              <input id="invite-password" data-testid="invite-password" type="password" autocomplete="current-password" required value={pw} onInput={(e) => setPw(e.currentTarget.value)} />
            </>
          ) : (
            <PasswordFields min={10} value={pw} onInput={setPw} confirm={pw2} onConfirm={setPw2} />
          )}
          {error && <p class="error" role="alert" data-testid="invite-submit-error">{error}</p>}
          <button class="primary" type="submit" data-testid="invite-submit">{existing ? 'Sign in and accept' : 'Accept and sign in'}</button>
        </form>
      )}
    </Card>
  );
}
