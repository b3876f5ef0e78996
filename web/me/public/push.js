/*
 * The push page (docs/push.md): the widget opens it on Parley's origin, hands it the visitor token by
 * postMessage (never in the URL), and this page asks for permission on a click, registers the /me
 * service worker, subscribes with the server's VAPID key, posts the subscription, and tells the widget.
 *
 * Messages with the opener (the widget frame, same origin): this page posts
 * {type: 'parley-push-ready'} and {type: 'parley-push-done', ok, reason?}; it accepts
 * {type: 'parley-push-token', token} only from window.opener at location.origin.
 */

export const TEXT = {
  en: {
    title: 'Get our replies as notifications',
    intro: 'When the team answers, this browser shows a notification, even when the site is closed.',
    button: 'Turn on notifications',
    waiting: 'Connecting to the chat…',
    noOpener: 'Open this page from the chat, with “Turn on notifications”.',
    unsupported: 'This browser cannot show notifications from this site.',
    working: 'Turning on notifications…',
    denied: 'Notifications are blocked for this site. You can allow them in the browser’s site settings.',
    dismissed: 'Notifications were not allowed. Try again when you are ready.',
    failed: 'Notifications could not be turned on. Please try again.',
    done: 'Notifications are on. You can close this page.',
  },
  fr: {
    title: 'Recevoir nos réponses en notification',
    intro: 'Quand l’équipe répond, ce navigateur affiche une notification, même si le site est fermé.',
    button: 'Activer les notifications',
    waiting: 'Connexion à la discussion…',
    noOpener: 'Ouvrez cette page depuis la discussion, avec « Activer les notifications ».',
    unsupported: 'Ce navigateur ne peut pas afficher de notifications de ce site.',
    working: 'Activation des notifications…',
    denied: 'Les notifications sont bloquées pour ce site. Vous pouvez les autoriser dans les réglages du site du navigateur.',
    dismissed: 'Les notifications n’ont pas été autorisées. Réessayez quand vous voulez.',
    failed: 'Impossible d’activer les notifications. Veuillez réessayer.',
    done: 'Les notifications sont activées. Vous pouvez fermer cette page.',
  },
  de: {
    title: 'Antworten als Benachrichtigung erhalten',
    intro: 'Wenn das Team antwortet, zeigt dieser Browser eine Benachrichtigung, auch wenn die Website geschlossen ist.',
    button: 'Benachrichtigungen aktivieren',
    waiting: 'Verbindung zum Chat…',
    noOpener: 'Öffnen Sie diese Seite aus dem Chat mit „Benachrichtigungen aktivieren“.',
    unsupported: 'Dieser Browser kann keine Benachrichtigungen dieser Website anzeigen.',
    working: 'Benachrichtigungen werden aktiviert…',
    denied: 'Benachrichtigungen sind für diese Website blockiert. Sie können sie in den Website-Einstellungen des Browsers erlauben.',
    dismissed: 'Benachrichtigungen wurden nicht erlaubt. Versuchen Sie es erneut, wenn Sie möchten.',
    failed: 'Benachrichtigungen konnten nicht aktiviert werden. Bitte versuchen Sie es erneut.',
    done: 'Benachrichtigungen sind aktiviert. Sie können diese Seite schließen.',
  },
};

/** The page's language: `?locale=` (set by the widget), then the browser's languages, then English. */
export function pickLocale(wanted) {
  for (const tag of wanted) {
    const primary = String(tag || '').toLowerCase().split(/[-_]/)[0];
    if (primary in TEXT) return primary;
  }
  return 'en';
}

/** base64url (the VAPID key) to bytes, for applicationServerKey. */
export function base64UrlToBytes(value) {
  const base64 = value.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (value.length % 4)) % 4);
  const binary = atob(base64);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

function sameBytes(a, b) {
  if (!a || !b) return false;
  const x = new Uint8Array(a);
  const y = new Uint8Array(b);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/**
 * Runs the page. `env` holds what the browser provides (injected so tests can fake it):
 * {window, document, navigator, fetch, Notification}.
 */
export function startPushPage(env) {
  const { window: win, document: doc, navigator: nav } = env;
  const origin = win.location.origin;
  const params = new URLSearchParams(win.location.search);
  const locale = pickLocale([params.get('locale'), ...(nav.languages || [])]);
  const text = TEXT[locale];
  const $ = (id) => doc.getElementById(id);
  const button = $('push-enable');
  const status = $('push-status');
  const api = new URL('../api/v1/', win.location.href).href;
  const opener = win.opener;
  let token = null;
  let busy = false;

  doc.documentElement.lang = locale;
  doc.title = text.title;
  $('push-title').textContent = text.title;
  $('push-intro').textContent = text.intro;
  button.textContent = text.button;
  button.disabled = true;
  const say = (message) => (status.textContent = message);
  const tell = (message) => {
    if (opener && !opener.closed) opener.postMessage(message, origin);
  };

  const supported = 'serviceWorker' in nav && 'PushManager' in win && !!env.Notification;
  if (!supported) {
    say(text.unsupported);
    tell({ type: 'parley-push-done', ok: false, reason: 'unsupported' });
    return { locale };
  }
  if (!opener) {
    say(text.noOpener);
    return { locale };
  }
  if (env.Notification.permission === 'denied') say(text.denied);
  else say(text.waiting);

  win.addEventListener('message', (event) => {
    // Only the widget frame that opened this page, on Parley's own origin, may hand over the token.
    if (event.origin !== origin || event.source !== opener) return;
    const data = event.data;
    if (!data || data.type !== 'parley-push-token' || typeof data.token !== 'string' || !data.token.startsWith('vt_')) return;
    token = data.token;
    if (env.Notification.permission !== 'denied') say('');
    button.disabled = false;
  });

  button.addEventListener('click', async () => {
    if (!token || busy) return;
    busy = true;
    button.disabled = true;
    say(text.working);
    const result = await subscribe().catch(() => 'failed');
    busy = false;
    if (result === 'done') {
      say(text.done);
      tell({ type: 'parley-push-done', ok: true });
      return;
    }
    say(text[result]);
    // Denied is final until the visitor changes the site settings; anything else may be retried.
    button.disabled = result === 'denied';
    tell({ type: 'parley-push-done', ok: false, reason: result });
  });

  async function subscribe() {
    // Asked only here, on the visitor's click (browsers ignore or penalise prompts without one).
    const permission = await env.Notification.requestPermission();
    if (permission === 'denied') return 'denied';
    if (permission !== 'granted') return 'dismissed';
    const keyResponse = await env.fetch(api + 'push/vapid-public-key', { headers: { Accept: 'application/json' } });
    if (!keyResponse.ok) return 'failed';
    const key = base64UrlToBytes((await keyResponse.json()).key);
    const scope = new URL('./', win.location.href).pathname;
    await nav.serviceWorker.register(new URL('sw.js', win.location.href).href, { scope });
    const registration = await nav.serviceWorker.ready;
    let subscription = await registration.pushManager.getSubscription();
    if (subscription && !sameBytes(subscription.options && subscription.options.applicationServerKey, key)) {
      // Made for another server key: the push service would refuse our signatures.
      await subscription.unsubscribe();
      subscription = null;
    }
    if (!subscription) {
      subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
    }
    const json = subscription.toJSON();
    const saved = await env.fetch(api + 'visitor/push-subscriptions', {
      method: 'POST',
      headers: { Authorization: 'Bearer ' + token, 'Content-Type': 'application/json' },
      body: JSON.stringify({ endpoint: json.endpoint, keys: { p256dh: json.keys.p256dh, auth: json.keys.auth } }),
    });
    return saved.ok ? 'done' : 'failed';
  }

  tell({ type: 'parley-push-ready' });
  return { locale };
}

if (typeof document !== 'undefined' && document.getElementById('parley-push')) {
  startPushPage({
    window,
    document,
    navigator,
    fetch: (...args) => fetch(...args),
    Notification: typeof Notification === 'undefined' ? null : Notification,
  });
}
