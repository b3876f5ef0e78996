import { leftAgo } from './reach';
import { useEffect, useState } from 'preact/hooks';
import { api, errorText } from './api';
import { answerText } from './content';
import { mergeTrail } from './live';
import { ago, contactName, formatFull, shortUrl } from './format';
import type { Inbox } from './inbox';
import { ContactPrivacy } from './ContactPrivacy';
import { conversationHref } from './router';
import { UrlText } from './Text';
import type { Activity, Contact, Conversation } from './types';

export function ContactPanel({ inbox, c, onClose }: { inbox: Inbox; c: Conversation; onClose: () => void }) {
  const contactId = c.contact?.id;
  const [contact, setContact] = useState<Contact | null>(null);
  const [others, setOthers] = useState<Conversation[]>([]);
  const [contactError, setContactError] = useState('');
  const [activity, setActivity] = useState<Activity | null>(null);
  const [activityError, setActivityError] = useState('');

  useEffect(() => {
    setContact(null);
    setContactError('');
    if (contactId) {
      api.contact(contactId).then(
        (r) => {
          setContact(r.contact);
          setOthers(r.conversations.filter((x) => x.id != c.id));
        },
        (e) => setContactError(errorText(e)),
      );
    }
    api.activity(c.id).then(
      (a) => {
        const now = inbox.live.forVisitor(c.visitor_id);
        setActivity(now ? mergeTrail(a, now) : a);
      },
      (e) => setActivityError(errorText(e)),
    );
    // A handover is when a flow's answers are complete: read the contact's attributes again then.
  }, [c.id, contactId, c.contact?.name, c.contact?.email, c.owner?.type]);

  // The visitor browsing on: their current page and trail follow `visitor.updated` (live.ts).
  const live = inbox.live.forVisitor(c.visitor_id);
  useEffect(() => {
    if (live) setActivity((a) => mergeTrail(a, live));
  }, [live]);

  const pages = (activity?.activity ?? []).filter((a) => a.type == 'page_view' && a.url).slice(0, 10);
  const v = activity?.visitor;
  const first = activity?.activity?.[activity.activity.length - 1];
  const referrer = v?.referrer ?? first?.referrer;
  const utm = v?.utm ?? first?.utm;
  const ua = v?.user_agent ?? activity?.activity.find((a) => a.user_agent)?.user_agent;
  return (
    <aside class="contact-panel" id="contact-panel" aria-label="Contact details" data-testid="contact-panel" onKeyDown={(e) => e.key == 'Escape' && !(e.target as HTMLElement).closest('form') && onClose()}>
      <div class="panel-head">
        <h2>{contactName(c)}</h2>
        <button type="button" aria-label="Close details" onClick={onClose}>
          ×
        </button>
      </div>
      <ContactEditor c={c} contact={contact} onSaved={setContact} />
      {contactError && <p class="error small">Contact: {contactError}</p>}
      {contact && Object.keys(contact.attributes ?? {}).length > 0 && (
        <section>
          <h3>Contact attributes</h3>
          <dl class="attributes" data-testid="contact-attributes">
            {Object.entries(contact.attributes).map(([k, val]) => [<dt key={'k' + k}>{k}</dt>, <dd key={'v' + k}>{val == null ? '—' : String(val)}</dd>])}
          </dl>
        </section>
      )}
      {c.attributes && Object.keys(c.attributes).length > 0 && (
        <section>
          <h3>This conversation</h3>
          <dl class="attributes" data-testid="conversation-attributes">
            {Object.entries(c.attributes).map(([k, val]) => [<dt key={'k' + k}>{k}</dt>, <dd key={'v' + k}>{answerText(val)}</dd>])}
          </dl>
        </section>
      )}
      <section>
        <h3>Current page</h3>
        {activity?.current_page?.url ? (
          <p data-testid="current-page">
            <UrlText url={activity.current_page.url} label={activity.current_page.title || shortUrl(activity.current_page.url)} />
            <span class="muted" data-testid="current-page-when">
              {' '}
              · {inbox.reach.all[c.id] && !inbox.reach.all[c.id].present ? 'left' + (inbox.reach.all[c.id].left_at ? ' ' + leftAgo(inbox.reach.all[c.id].left_at!) : '') : ago(activity.current_page.at)}
            </span>
          </p>
        ) : c.current_page?.url ? (
          <p data-testid="current-page">
            <UrlText url={c.current_page.url} label={c.current_page.title || shortUrl(c.current_page.url)} />
          </p>
        ) : (
          <p class="muted">Unknown</p>
        )}
        {activityError && <p class="error small">Activity: {activityError}</p>}
      </section>
      {pages.length > 0 && (
        <section>
          <h3>Recent pages</h3>
          <ol class="pages" data-testid="recent-pages">
            {pages.map((p, i) => (
              <li key={i}>
                <UrlText url={p.url!} label={p.title || shortUrl(p.url!, 40)} />
                <time class="muted" dateTime={new Date(p.at).toISOString()} title={formatFull(p.at)}>
                  {' '}
                  {ago(p.at)}
                </time>
              </li>
            ))}
          </ol>
        </section>
      )}
      <section>
        <h3>Visitor</h3>
        <dl class="attributes" data-testid="visitor-info">
          {referrer && [<dt key="r">Referrer</dt>, <dd key="rv"><UrlText url={referrer} label={shortUrl(referrer, 40)} /></dd>]}
          {utm &&
            Object.entries(utm).map(([k, val]) => [<dt key={'u' + k}>{'utm_' + k.replace(/^utm_/, '')}</dt>, <dd key={'uv' + k}>{String(val)}</dd>])}
          {v?.browser && [<dt key="b">Browser</dt>, <dd key="bv">{v.browser}{v.os ? ' on ' + v.os : ''}</dd>]}
          {v?.device && [<dt key="d">Device</dt>, <dd key="dv">{v.device}</dd>]}
          {ua && !v?.browser && [<dt key="ua">User agent</dt>, <dd key="uav" class="small">{ua}</dd>]}
          {v?.first_seen_at && [<dt key="f">First seen</dt>, <dd key="fv">{formatFull(v.first_seen_at)}</dd>]}
        </dl>
        {!referrer && !utm && !v && !ua && <p class="muted">No details yet.</p>}
      </section>
      {others.length > 0 && (
        <section>
          <h3>Earlier conversations</h3>
          <ul class="pages" data-testid="earlier-conversations">
            {others.map((o) => (
              <li key={o.id}>
                <a href={conversationHref(o.id)}>{o.last_message_preview || 'Conversation'}</a>
                <span class="muted">
                  {' '}
                  · {o.status} · {ago(o.last_activity_at)}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {contactId && contact && <ContactPrivacy inbox={inbox} contactId={contactId} conversationIds={[c.id, ...others.map((o) => o.id)]} />}
      <p class="muted small">Assigned to {c.assignee_id ? inbox.state.agents[c.assignee_id]?.name ?? 'a teammate' : 'nobody'}</p>
    </aside>
  );
}

function ContactEditor({ c, contact, onSaved }: { c: Conversation; contact: Contact | null; onSaved: (k: Contact) => void }) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [error, setError] = useState('');
  const shown = contact ?? c.contact;
  if (!c.contact?.id) return null;
  if (!editing) {
    return (
      <section>
        <dl class="attributes">
          <dt>Name</dt>
          <dd data-testid="contact-name">{shown?.name || '—'}</dd>
          <dt>Email</dt>
          <dd data-testid="contact-email">{shown?.email || '—'}</dd>
        </dl>
        <button
          type="button"
          data-testid="contact-edit"
          onClick={() => {
            setName(shown?.name ?? '');
            setEmail(shown?.email ?? '');
            setEditing(true);
          }}
        >
          Edit
        </button>
      </section>
    );
  }
  return (
    <form
      class="stack"
      data-testid="contact-form"
      onSubmit={async (e) => {
        e.preventDefault();
        setError('');
        try {
          const r = await api.updateContact(c.contact!.id, { name: name.trim() || null, email: email.trim() || null });
          onSaved(r.contact);
          setEditing(false);
        } catch (err) {
          setError(errorText(err));
        }
      }}
    >
      <label for="contact-name-input">Name</label>
      <input id="contact-name-input" data-testid="contact-name-input" maxLength={200} value={name} onInput={(e) => setName(e.currentTarget.value)} />
      <label for="contact-email-input">Email</label>
      <input id="contact-email-input" data-testid="contact-email-input" type="email" maxLength={254} value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
      {error && <p class="error" role="alert">{error}</p>}
      <div class="row">
        <button type="submit" class="primary" data-testid="contact-save">
          Save
        </button>
        <button type="button" onClick={() => setEditing(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
