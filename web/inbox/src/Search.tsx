import type { RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, errorText } from './api';
import { contactName } from './format';
import { conversationHref, go } from './router';
import type { SearchResult } from './types';

export function SearchBox({ inputRef }: { inputRef: RefObject<HTMLInputElement> }) {
  const [q, setQ] = useState('');
  const [result, setResult] = useState<SearchResult | null>(null);
  const [error, setError] = useState('');
  const [open, setOpen] = useState(false);
  const seq = useRef(0);
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const query = q.trim();
    if (!query) {
      setResult(null);
      setError('');
      return;
    }
    const n = ++seq.current;
    const t = setTimeout(() => {
      api.search(query.slice(0, 200)).then(
        (r) => n == seq.current && (setResult({ conversations: r.conversations ?? [], contacts: r.contacts ?? [] }), setError('')),
        (e) => n == seq.current && (setResult(null), setError(errorText(e))),
      );
    }, 250);
    return () => clearTimeout(t);
  }, [q]);

  const close = () => setOpen(false);
  const pick = (hash: string) => {
    close();
    go(hash);
  };
  const shown = open && q.trim() && (result || error);
  return (
    <div
      class="search"
      ref={box}
      role="search"
      onFocusOut={(e) => {
        if (!box.current?.contains(e.relatedTarget as Node)) close();
      }}
      onKeyDown={(e) => {
        if (e.key == 'Escape') {
          close();
          inputRef.current?.blur();
        }
      }}
    >
      <label for="search-input" class="sr-only">
        Search conversations and contacts
      </label>
      <input
        id="search-input"
        data-testid="search-input"
        ref={inputRef}
        type="search"
        placeholder="Search (s)"
        maxLength={200}
        value={q}
        onInput={(e) => (setQ(e.currentTarget.value), setOpen(true))}
        onFocus={() => setOpen(true)}
        aria-controls={shown ? 'search-results' : undefined}
      />
      {shown && (
        <div class="search-results" id="search-results" data-testid="search-results" aria-live="polite">
          {error && <p class="error small">Search: {error}</p>}
          {result && !result.conversations.length && !result.contacts.length && <p class="muted">No results.</p>}
          {result && result.conversations.length > 0 && (
            <>
              <h3>Conversations</h3>
              <ul>
                {result.conversations.map((r) => (
                  <li key={r.conversation.id + (r.message?.id ?? '')}>
                    <a href={conversationHref(r.conversation.id)} data-testid="search-result-conversation" data-conversation-id={r.conversation.id} onClick={(e) => (e.preventDefault(), pick(conversationHref(r.conversation.id)))}>
                      <strong>{contactName(r.conversation)}</strong>
                      <span class="muted"> · {r.conversation.status}</span>
                      <span class="snippet">{r.message?.snippet || r.message?.text || r.conversation.last_message_preview || ''}</span>
                    </a>
                  </li>
                ))}
              </ul>
            </>
          )}
          {result && result.contacts.length > 0 && <ContactResults contacts={result.contacts} onPick={pick} />}
        </div>
      )}
    </div>
  );
}

/** A contact opens its newest conversation (looked up with GET /contacts/{id}). */
function ContactResults({ contacts, onPick }: { contacts: SearchResult['contacts']; onPick: (hash: string) => void }) {
  const [error, setError] = useState('');
  return (
    <>
      <h3>Contacts</h3>
      <ul>
        {contacts.map((k) => (
          <li key={k.id}>
            <button
              type="button"
              class="link"
              data-testid="search-result-contact"
              data-contact-id={k.id}
              onClick={async () => {
                try {
                  const r = await api.contact(k.id);
                  if (r.conversations[0]) onPick(conversationHref(r.conversations[0].id));
                  else setError('This contact has no conversation.');
                } catch (e) {
                  setError(errorText(e));
                }
              }}
            >
              <strong>{k.name || k.email || 'Visitor ' + k.id.slice(-6)}</strong>
              {k.email && k.name && <span class="muted"> · {k.email}</span>}
            </button>
          </li>
        ))}
      </ul>
      {error && <p class="error small">{error}</p>}
    </>
  );
}
