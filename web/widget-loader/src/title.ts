/** Flashes the host page's title while its tab is hidden; restores it once the visitor is back. */

let timer: any;

export function flashTitle(notice: string) {
  if (timer || !document.hidden) return;
  const original = document.title;
  let on = 0;
  timer = setInterval(() => {
    if (document.hidden) document.title = (on ^= 1) ? notice : original;
    else {
      clearInterval(timer);
      timer = 0;
      document.title = original;
    }
  }, 1000);
}
