/** "14:05" for today, a short date otherwise, in the visitor's language. */
export function shortTime(at: number, locale: string, now = Date.now()): string {
  const date = new Date(at);
  const today = new Date(now).toDateString() == date.toDateString();
  return new Intl.DateTimeFormat(locale, today ? { hour: '2-digit', minute: '2-digit' } : { day: 'numeric', month: 'short' }).format(date);
}
