import { useEffect, useRef, useState } from 'preact/hooks';
import { format } from '../../shared/i18n';
import type { Text } from '../../shared/strings';
import type { Chat } from '../../widget/src/chat';
import type { FollowUp } from '../../widget/src/followup';
import { BackIcon } from '../../widget/src/Icons';
import { unreadCount } from '../../widget/src/messages';
import { Thread } from '../../widget/src/Thread';
import { themeVariables } from '../../widget/src/theme';
import { shortTime } from '../../widget/src/time';
import { useChat } from '../../widget/src/useChat';
import { ApiError, type Customer, type CustomerApi, type Item } from './api';
import { looksLikeEmail, mergeConversation, sortItems, unread } from './list';
import { guestItem, loadGuests, saveGuest, type Guest } from './guest';
import { conversationHash, parseRoute, type Route } from './route';
import type { MeText } from './strings';

/** `onSignOut` ends what the chats hold (sockets, visitor tokens) when the customer signs out. */
type Props = {
  api: CustomerApi;
  text: Text;
  /** The /me texts in the same language as `text` and `locale`. */
  me: MeText;
  locale: string;
  chatFor: (item: Item) => Chat;
  /** The widget's follow-up controls ("Turn on notifications") for the item's chat. */
  followFor: (item: Item) => FollowUp;
  onSignOut?: () => void;
};

/** The customer inbox: sign in by email link, the list of conversations, one conversation live. */
export function App({ api, text, me, locale, chatFor, followFor, onSignOut }: Props) {
  const [route, setRoute] = useState<Route>(parseRoute(location.hash));
  const [customer, setCustomer] = useState<Customer | null | undefined>(undefined);
  const [items, setItems] = useState<Item[] | null>(null);
  const [notice, setNotice] = useState('');
  const [guests, setGuests] = useState<Guest[]>(loadGuests);

  const load = () =>
    api.conversations().then(
      (list) => setItems(sortItems(list)),
      (e) => (e instanceof ApiError && e.status == 401 ? setCustomer(null) : setItems((current) => current || [])),
    );

  useEffect(() => {
    const onHash = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', onHash);
    const onVisible = () => !document.hidden && customer && load();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      removeEventListener('hashchange', onHash);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [customer]);

  useEffect(() => {
    const start = parseRoute(location.hash);
    const signedIn = (c: Customer) => {
      setCustomer(c);
      load();
    };
    const resume = () => api.me().then(signedIn, () => setCustomer(null));
    if (start.name == 'push') {
      // A push link opens the subscriber's conversation with a visitor token; it signs no one in.
      api.openPushLink(start.token).then(
        (o) => {
          const { token, visitor_id, contact_id, workspace, conversation_id } = o;
          setGuests(saveGuest({ token, visitor_id, contact_id, workspace, conversation_id }));
          go(conversationHash(conversation_id), true);
          resume();
        },
        (e) => {
          const stored = start.conversation && loadGuests().some((g) => g.conversation_id == start.conversation);
          go(stored ? conversationHash(start.conversation!) : '#/', true);
          if (!stored) setNotice(e instanceof ApiError && e.code == 'invalid_token' ? me.linkInvalid : me.failed);
          resume();
        },
      );
      return;
    }
    if (start.name != 'signin') {
      resume();
      return;
    }
    setNotice(me.signingIn);
    api.signIn(start.token).then(
      (s) => {
        // The token is spent: it leaves the address bar and the history.
        const open = s.conversation_id || start.conversation;
        go(open ? conversationHash(open) : '#/', true);
        setNotice('');
        signedIn(s.customer);
      },
      (e) => {
        go('#/', true);
        setNotice(e instanceof ApiError && e.code == 'invalid_token' ? me.linkInvalid : me.failed);
        resume();
      },
    );
  }, []);

  const go = (hash: string, replace = false) => {
    if (replace) history.replaceState(null, '', location.pathname + hash);
    else location.hash = hash;
    setRoute(parseRoute(hash));
  };

  if (customer === undefined) return <p class="me-note" role="status">{notice || me.loading}</p>;
  const guest = route.name == 'conversation' ? guests.find((g) => g.conversation_id == route.id) : undefined;
  if (customer === null && !guest) return <SignIn api={api} notice={notice} me={me} />;

  if (route.name == 'conversation') {
    const item = items?.find((i) => i.conversation.id == route.id) ?? (guest && guestItem(guest));
    if (!item) {
      return items == null ? (
        <p class="me-note" role="status">{me.loading}</p>
      ) : (
        <Screen title={me.title}>
          <p class="me-note">{me.notFound}</p>
          <a class="me-link" href="#/">{me.back}</a>
        </Screen>
      );
    }
    return (
      <ConversationView
        key={item.conversation.id}
        item={item}
        chat={chatFor(item)}
        follow={followFor(item)}
        text={text}
        me={me}
        onBack={() => go('#/')}
        onChange={(c, unreadCount) => setItems((list) => (list ? mergeConversation(list, c, unreadCount) : list))}
      />
    );
  }

  if (!customer) return <SignIn api={api} notice={notice} me={me} />;
  return (
    <Screen
      title={me.title}
      action={
        <button
          type="button"
          class="me-button quiet"
          onClick={() =>
            api.logout().finally(() => {
              onSignOut?.();
              setItems(null);
              setCustomer(null);
            })
          }
        >
          {me.signOut}
        </button>
      }
    >
      <p class="me-sub">{format(me.signedInAs, { email: customer.email })}</p>
      {notice && <p class="me-note" role="status">{notice}</p>}
      {items == null ? (
        <p class="me-note" role="status">{me.loading}</p>
      ) : items.length == 0 ? (
        <p class="me-note">{me.empty}</p>
      ) : (
        <ul class="me-list">
          {items.map((item) => (
            <li key={item.conversation.id}>
              <a class="me-item" href={conversationHash(item.conversation.id)} style={{ '--dot': item.workspace.color || '#3b5bdb' }}>
                <span class="me-dot" aria-hidden="true" />
                <span class="me-what">
                  <span class="me-name">
                    {item.workspace.name}
                    {unread(item) && <span class="me-badge"> · {me.unread}</span>}
                  </span>
                  <span class="me-preview">{item.conversation.last_message_preview || text.noPreview}</span>
                </span>
                <time class="me-time" dateTime={new Date(item.conversation.last_activity_at).toISOString()}>
                  {shortTime(item.conversation.last_activity_at, locale)}
                </time>
              </a>
            </li>
          ))}
        </ul>
      )}
    </Screen>
  );
}

/** A page with a heading that takes focus when the page appears (screen readers hear where they are). */
function Screen({ title, action, children }: { title: string; action?: preact.ComponentChildren; children: preact.ComponentChildren }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <div class="me-page">
      <header class="me-head">
        <h1 ref={heading} tabIndex={-1}>
          {title}
        </h1>
        {action}
      </header>
      <main class="me-main">{children}</main>
    </div>
  );
}

function SignIn({ api, notice, me }: { api: CustomerApi; notice: string; me: MeText }) {
  const [email, setEmail] = useState('');
  const [state, setState] = useState<'idle' | 'sending' | 'sent'>('idle');
  const [error, setError] = useState('');
  if (state == 'sent') {
    return (
      <Screen title={me.checkEmail}>
        <p class="me-note" role="status">
          {format(me.checkEmailHelp, { email })}
        </p>
        <button type="button" class="me-button quiet" onClick={() => setState('idle')}>
          {me.otherEmail}
        </button>
      </Screen>
    );
  }
  return (
    <Screen title={me.signInTitle}>
      {notice && <p class="me-note" role="status">{notice}</p>}
      <p class="me-sub">{me.signInHelp}</p>
      <form
        class="me-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!looksLikeEmail(email)) return setError(me.badEmail);
          setError('');
          setState('sending');
          api.requestLink(email.trim()).then(
            () => setState('sent'),
            (e) => {
              setState('idle');
              setError(e instanceof ApiError && e.status == 429 ? me.tooMany : e.status == 400 ? me.badEmail : me.failed);
            },
          );
        }}
      >
        <label for="me-email">{me.email}</label>
        <input
          id="me-email"
          type="email"
          autoComplete="email"
          inputMode="email"
          required
          value={email}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? 'me-email-error' : undefined}
          onInput={(e) => setEmail((e.target as HTMLInputElement).value)}
        />
        {error && (
          <p id="me-email-error" class="me-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="me-button" disabled={state == 'sending'}>
          {state == 'sending' ? me.sending : me.sendLink}
        </button>
      </form>
    </Screen>
  );
}

type ViewProps = {
  item: Item;
  chat: Chat;
  follow: FollowUp;
  text: Text;
  me: MeText;
  onBack: () => void;
  onChange: (c: Item['conversation'], unreadCount: number) => void;
};

/** One conversation, live, exactly as in the widget (its chat state, thread and composer). */
function ConversationView({ item, chat, follow, text, me, onBack, onChange }: ViewProps) {
  const state = useChat(chat);
  const id = item.conversation.id;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    chat.setPanelOpen(true);
    chat.show(id);
    heading.current?.focus();
    return () => chat.setPanelOpen(false);
  }, [chat, id]);
  const current = state.conversations.find((c) => c.id == id);
  const unreadReplies = unreadCount(state.threads[id], state.visitorRead[id] ?? 0);
  useEffect(() => {
    if (current) onChange(current, unreadReplies);
  }, [current, unreadReplies]);
  return (
    <div class="panel me-chat" style={themeVariables(item.workspace.color)}>
      <header class="head">
        <button type="button" class="icon" aria-label={me.back} onClick={onBack}>
          <BackIcon />
        </button>
        <div class="who">
          <h1 id="parley-title" ref={heading} tabIndex={-1}>
            {item.workspace.name}
          </h1>
        </div>
      </header>
      {state.status == 'offline' && (
        <p class="offline" role="status">
          {text.offline}
        </p>
      )}
      <main class="body">
        <Thread chat={chat} state={state} id={id} config={{ workspace_name: item.workspace.name }} text={text} follow={follow} />
      </main>
      <div class="sr-only" aria-live="polite" aria-atomic="true">
        {state.announcement}
      </div>
    </div>
  );
}
