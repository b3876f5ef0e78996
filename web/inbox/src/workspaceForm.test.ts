import { describe, expect, it } from 'vitest';
import type { Workspace } from './types';
import { toChange, toForm } from './WorkspaceSettings';

const workspace: Workspace = {
  id: 'w1', name: 'Scarf shop', widget_key: 'wk_1', allowed_origins: ['https://shop.example'], created_at: 0,
  settings: {
    color: '#3b5bdb', position: 'right', launcher_label: 'Chat with us', greeting: 'Hi!', expected_reply_time: 'under an hour',
    texts: { fr: { greeting: 'Bonjour !', expected_reply_time: 'moins d’une heure' } },
    email_ask_delay_seconds: 45,
  },
};

describe('the workspace settings form', () => {
  it('shows each language’s own texts (empty: the default) and the email ask delay', () => {
    const form = toForm(workspace);
    expect(form.texts.fr).toEqual({ launcher_label: '', greeting: 'Bonjour !', expected_reply_time: 'moins d’une heure' });
    expect(form.texts.de).toEqual({ launcher_label: '', greeting: '', expected_reply_time: '' });
    expect(form.email_ask_delay).toBe('45');
    expect(toForm({ ...workspace, settings: { ...workspace.settings, email_ask_delay_seconds: undefined } }).email_ask_delay).toBe('30');
  });

  it('sends every language with a text, leaves empty texts out, and the delay as a number', () => {
    const form = toForm(workspace);
    form.texts.de.launcher_label = 'Schreiben Sie uns';
    form.texts.fr.greeting = '  ';
    form.email_ask_delay = '0';
    const change = toChange(form);
    expect(change.texts).toEqual({ fr: { expected_reply_time: 'moins d’une heure' }, de: { launcher_label: 'Schreiben Sie uns' } });
    expect(change.email_ask_delay_seconds).toBe(0);
    // Not a whole number: sent as typed, so the server's 400 names the field.
    form.email_ask_delay = '2.5';
    expect(toChange(form).email_ask_delay_seconds).toBe('2.5');
    form.email_ask_delay = ' ';
    expect(toChange(form).email_ask_delay_seconds).toBeUndefined();
  });

  it('keeps visitor activity for the typed days, and empty goes back to the server default', () => {
    const form = toForm({ ...workspace, settings: { ...workspace.settings, activity_retention_days: 30 } });
    expect(form.activity_retention).toBe('30');
    expect(toChange(form).activity_retention_days).toBe(30);
    form.activity_retention = '';
    expect(toChange(form).activity_retention_days).toBeNull();
    const files = toForm({ ...workspace, settings: { ...workspace.settings, file_retention_days: 90 } });
    expect(files.file_retention).toBe('90');
    expect(toChange(files).file_retention_days).toBe(90);
    files.file_retention = '';
    expect(toChange(files).file_retention_days).toBeNull();
    expect(toForm(workspace).activity_retention).toBe('');
  });
});
