/**
 * The live visitors' heartbeat (docs/analytics.md, "Live visitors"): a ping every 30 s (a visitor is listed from
 * their first page view's beacon; the 3 KB budget has no room for a ping at start), skipped
 * while the page is hidden (the 3 KB budget: no listener for its showing again; the next tick pings). `body` makes the ping (falsy: none, e.g. without consent). An
 * answer with `load` asks for the frame: an agent sent a proactive message, with `token` the visitor session
 * the server made for this browser. The ping is text/plain: a CORS simple request, no preflight.
 */
export function live(url: string, body: () => unknown, load: (token?: string) => void) {
  const ping = (b?: any) => {
    if (!document.hidden && (b = body()))
      fetch(url, { method: 'POST', body: b })
        .then((r) => r.json())
        .then((a) => a.load && load(a.token), () => 0);
  };
  setInterval(ping, 30000);
}
