/** Snooze presets, computed in the agent's local time zone. */

export type Preset = { id: string; label: string; until: number };

export function snoozePresets(now: Date = new Date()): Preset[] {
  const inOneHour = now.getTime() + 3600_000;
  const inThreeHours = now.getTime() + 3 * 3600_000;
  const tomorrow = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 9, 0, 0, 0);
  // Next Monday 9:00 (a week from today when today is Monday).
  const days = ((8 - now.getDay()) % 7) || 7;
  const nextWeek = new Date(now.getFullYear(), now.getMonth(), now.getDate() + days, 9, 0, 0, 0);
  return [
    { id: '1h', label: 'In 1 hour', until: inOneHour },
    { id: '3h', label: 'In 3 hours', until: inThreeHours },
    { id: 'tomorrow', label: 'Tomorrow 9:00', until: tomorrow.getTime() },
    { id: 'next-week', label: 'Next week (Mon 9:00)', until: nextWeek.getTime() },
  ];
}

/** The value of a `datetime-local` input for a time (local), e.g. "2026-11-27T18:30". */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** Epoch ms from a `datetime-local` value, or null when empty, invalid or not in the future. */
export function fromLocalInput(value: string, now = Date.now()): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const t = new Date(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]).getTime();
  return Number.isFinite(t) && t > now ? t : null;
}
