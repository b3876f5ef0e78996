import { useEffect, useRef, useState } from 'preact/hooks';
import { api, errorText } from './api';
import type { Inbox } from './inbox';

/**
 * Owners' and admins' privacy actions on a contact (docs/privacy.md): download its data as JSON, or delete it after a
 * confirmation that names what goes. After a deletion its conversations leave the list and the inbox shows the list.
 */
export function ContactPrivacy({ inbox, contactId, conversationIds }: { inbox: Inbox; contactId: string; conversationIds: string[] }) {
  const [confirming, setConfirming] = useState(false);
  if (!inbox.isAdmin) return null;
  return (
    <section aria-labelledby="privacy-title">
      <h3 id="privacy-title">Privacy</h3>
      <div class="row">
        <a class="button" href={`/api/v1/contacts/${encodeURIComponent(contactId)}/export`} download={`contact-${contactId}.json`} data-testid="contact-export">
          Export data
        </a>
        <a class="button" href={`/api/v1/contacts/${encodeURIComponent(contactId)}/export?format=zip`} download={`contact-${contactId}.zip`} data-testid="contact-export-zip">
          Export with files (ZIP)
        </a>
        <button type="button" class="danger" data-testid="contact-delete" onClick={() => setConfirming(true)}>
          Delete contact…
        </button>
      </div>
      {confirming && <DeleteDialog inbox={inbox} contactId={contactId} conversationIds={conversationIds} onClose={() => setConfirming(false)} />}
    </section>
  );
}

function DeleteDialog({ inbox, contactId, conversationIds, onClose }: { inbox: Inbox; contactId: string; conversationIds: string[]; onClose: () => void }) {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    ref.current?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    return () => before?.focus?.();
  }, []);
  const n = conversationIds.length;
  async function remove() {
    setBusy(true);
    setError('');
    try {
      await api.deleteContact(contactId);
      inbox.contactDeleted(conversationIds);
      location.hash = '#/';
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  }
  return (
    <div class="overlay" onClick={(e) => e.target == e.currentTarget && onClose()}>
      <div
        class="dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="delete-contact-title"
        aria-describedby="delete-contact-what"
        ref={ref}
        data-testid="contact-delete-dialog"
        onKeyDown={(e) => {
          if (e.key == 'Escape') {
            e.stopPropagation();
            onClose();
          }
        }}
      >
        <h2 id="delete-contact-title">Delete this contact and all its data?</h2>
        <div id="delete-contact-what">
          <p>This deletes, for good:</p>
          <ul>
            <li>
              {n} conversation{n == 1 ? '' : 's'} with every message and private note in {n == 1 ? 'it' : 'them'}
            </li>
            <li>the contact’s name, email and attributes</li>
            <li>its browsers and the pages they visited</li>
            <li>notifications, push subscriptions, ratings and answers given to bots</li>
          </ul>
          <p>The audit log keeps a line saying who deleted it and when, without any of this data. Reports keep their totals.</p>
        </div>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <div class="row">
          <button type="button" data-autofocus onClick={onClose}>
            Cancel
          </button>
          <button type="button" class="danger" data-testid="contact-delete-confirm" disabled={busy} onClick={remove}>
            {busy ? 'Deleting…' : 'Delete contact'}
          </button>
        </div>
      </div>
    </div>
  );
}
