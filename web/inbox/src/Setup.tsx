/** First run (no owner yet): the form that creates the first account and workspace, then opens the inbox. */
import { useState } from 'preact/hooks';
import { adminApi } from './adminApi';
import { api, ApiError, errorText } from './api';
import { Card } from './Auth';
import { emptySetup, MIN_PASSWORD, toSetupBody, validateSetup, type SetupErrors, type SetupForm } from './setup';
import type { Me, NewWorkspace } from './types';

type FieldProps = {
  field: keyof SetupForm;
  label: string;
  hint?: string;
  type?: string;
  autocomplete?: string;
  form: SetupForm;
  errors: SetupErrors;
  set: (field: keyof SetupForm, value: string) => void;
};

/** The form's test ids are setup-<name> (docs/inbox.md); "password2" is the repeat. */
function Field({ field, label, hint, type = 'text', autocomplete, form, errors, set }: FieldProps) {
  const id = 'setup-' + field;
  const error = errors[field];
  const described = [hint && id + '-hint', error && id + '-error'].filter(Boolean).join(' ');
  return (
    <>
      <label for={id}>{label}</label>
      {hint && (
        <p class="hint" id={id + '-hint'}>
          {hint}
        </p>
      )}
      <input
        id={id}
        data-testid={id}
        name={field}
        type={type}
        autocomplete={autocomplete}
        required
        value={form[field]}
        aria-invalid={error ? true : undefined}
        aria-describedby={described || undefined}
        onInput={(e) => set(field, e.currentTarget.value)}
      />
      {error && (
        <p class="error field-error" id={id + '-error'}>
          {error}
        </p>
      )}
    </>
  );
}

export function Setup({ tokenRequired, onDone }: { tokenRequired: boolean; onDone: (me: Me, workspace: NewWorkspace) => void }) {
  const [form, setForm] = useState<SetupForm>(emptySetup);
  const [errors, setErrors] = useState<SetupErrors>({});
  const [error, setError] = useState('');
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const set = (field: keyof SetupForm, value: string) => {
    setForm((f) => ({ ...f, [field]: value }));
    // A corrected field loses its message at once; the others keep theirs until the next submit.
    if (errors[field]) setErrors((e) => ({ ...e, [field]: undefined }));
  };
  async function submit(e: Event) {
    e.preventDefault();
    const found = validateSetup(form, tokenRequired);
    setErrors(found);
    setError('');
    const first = (Object.keys(found) as (keyof SetupForm)[]).find((k) => found[k]);
    if (first) return document.getElementById('setup-' + first)?.focus();
    setBusy(true);
    try {
      const r = await adminApi.setup(toSetupBody(form, tokenRequired));
      // The answer sets the session cookie; /auth/me gives the whole session (workspaces, server_admin).
      onDone(await api.me(), r.workspace);
    } catch (err) {
      setBusy(false);
      const code = err instanceof ApiError ? err.code : '';
      if (code == 'setup_done') setDone(true);
      else if (code == 'invalid_setup_token') {
        setErrors({ token: 'This is not the setup token. Copy it again from the server’s log.' });
        document.getElementById('setup-token')?.focus();
      } else setError(errorText(err));
    }
  }
  const props = { form, errors, set };
  return (
    <Card title="Set up Parley">
      {done ? (
        <p role="status" data-testid="setup-done">
          Parley is set up already. <a href="/app">Sign in</a>
        </p>
      ) : (
        <form onSubmit={submit} noValidate data-testid="setup-form">
          <p class="muted">Create the first account and your business’s workspace. You can invite your team afterwards.</p>
          {tokenRequired && (
            <Field field="token" label="Setup token" hint="Printed in the server’s log when it started." autocomplete="off" {...props} />
          )}
          <Field field="name" label="Your name" autocomplete="name" {...props} />
          <Field field="email" label="Email" type="email" autocomplete="username" {...props} />
          <Field field="password" label={`Password (at least ${MIN_PASSWORD} characters)`} type="password" autocomplete="new-password" {...props} />
          <Field field="password2" label="Repeat the password" type="password" autocomplete="new-password" {...props} />
          <Field field="business" label="Business name" autocomplete="organization" {...props} />
          <Field field="site" label="Your site’s address" hint="Where the chat widget goes, like https://shop.example" type="url" autocomplete="url" {...props} />
          {error && (
            <p class="error" role="alert">
              {error}
            </p>
          )}
          <button class="primary" type="submit" data-testid="setup-submit" disabled={busy}>
            {busy ? 'Setting up…' : 'Set up Parley'}
          </button>
        </form>
      )}
    </Card>
  );
}
