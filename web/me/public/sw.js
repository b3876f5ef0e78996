/*
 * Parley's service worker for /me (docs/push.md). It shows web pushes and opens the conversation on
 * a click; nothing else: no fetch handler, no caching.
 */

/** The worker's own directory (…/me/): every page it opens or focuses is under it. */
const HOME = new URL('./', self.location.href).href;

/** Only Parley's own URLs are opened; anything else falls back to /me. */
function safeUrl(url) {
  try {
    const parsed = new URL(String(url), HOME);
    return parsed.origin === self.location.origin ? parsed.href : HOME;
  } catch {
    return HOME;
  }
}

self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { body: event.data ? event.data.text() : '' };
  }
  const text = (value) => (typeof value === 'string' ? value : '');
  const tag = text(data.tag);
  const options = { body: text(data.body), data: { url: safeUrl(data.url || HOME) } };
  if (tag) {
    // One notification per conversation; a newer reply replaces it and alerts again.
    options.tag = tag;
    options.renotify = true;
  }
  event.waitUntil(self.registration.showNotification(text(data.title) || 'Parley', options));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = safeUrl(event.notification.data && event.notification.data.url);
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      const open = windows.find((w) => w.url.startsWith(HOME) && !w.url.startsWith(HOME + 'push.html'));
      return open ? open.focus() : self.clients.openWindow(url);
    }),
  );
});
