/**
 * A moment in words relative to now, in the reader's language (Intl): "agora", "há 5 minutos",
 * "há 2 horas", "ontem", "há 3 dias", "amanhã"; further away, the day itself ("12 de março").
 * Days are calendar days in the reader's time zone: 23:00 yesterday is "ontem" at 08:00.
 */
const DAY = 86_400_000;

export function relativeTime(lang: string, iso: string, now: Date = new Date(), timeZone?: string): string {
  const when = new Date(iso);
  const seconds = Math.round((when.getTime() - now.getTime()) / 1000);
  const words = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
  if (Math.abs(seconds) < 60) return words.format(0, 'second');
  if (Math.abs(seconds) < 3600) return words.format(Math.trunc(seconds / 60), 'minute');
  const days = calendarDays(when, now, timeZone);
  if (days === 0) return words.format(Math.trunc(seconds / 3600), 'hour');
  if (Math.abs(days) < 7) return words.format(days, 'day');
  const sameYear = dayOf(when, timeZone).slice(0, 4) === dayOf(now, timeZone).slice(0, 4);
  return when.toLocaleDateString(lang, { day: 'numeric', month: 'long', ...(sameYear ? {} : { year: 'numeric' }), timeZone });
}

/** How many calendar days `when` is after `now` (negative: before). */
function calendarDays(when: Date, now: Date, timeZone?: string): number {
  return Math.round((Date.parse(dayOf(when, timeZone)) - Date.parse(dayOf(now, timeZone))) / DAY);
}

function dayOf(moment: Date, timeZone?: string): string {
  return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone }).format(moment);
}
