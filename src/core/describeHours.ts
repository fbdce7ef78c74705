import type { Lang } from './model.js';

/** Consultation hours from the clinic profile: ISO weekdays (1 = Monday) and local HH:MM. */
export interface Hours {
  readonly timezone: string;
  readonly days: readonly number[];
  readonly open: string;
  readonly close: string;
}

export type Availability = { readonly now: true } | { readonly now: false; readonly hours: string; readonly next: string };

const dayNames: Readonly<Record<Lang, readonly string[]>> = {
  zh: ['周一', '周二', '周三', '周四', '周五', '周六', '周日'],
  en: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
};

/** Weekday (1–7) and minutes since midnight at `at` in the clinic's timezone. Pure: the time is passed in. */
function localTime(at: number, timezone: string): { day: number; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(at));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(get('weekday')) + 1;
  return { day, minutes: Number(get('hour')) * 60 + Number(get('minute')) };
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The hours in words: "周一、周二 09:00–18:00". */
export function hoursSummary(hours: Hours, lang: Lang): string {
  const days = [...hours.days].sort((a, b) => a - b);
  return `${days.map((d) => dayNames[lang][d - 1]).join(lang === 'zh' ? '、' : ', ')} ${hours.open}–${hours.close}`;
}

/** Whether consultants are on duty at `at`, and if not, when they next are, in words. */
export function describeHours(hours: Hours, at: number, lang: Lang): Availability {
  const { day, minutes } = localTime(at, hours.timezone);
  const open = toMinutes(hours.open);
  const close = toMinutes(hours.close);
  if (hours.days.includes(day) && minutes >= open && minutes < close) return { now: true };
  const summary = hoursSummary(hours, lang);
  // Later today if before opening on a working day; otherwise the next working day.
  let nextDay = hours.days.includes(day) && minutes < open ? day : 0;
  for (let i = 1; nextDay === 0 && i <= 7; i++) {
    const d = ((day - 1 + i) % 7) + 1;
    if (hours.days.includes(d)) nextDay = d;
  }
  const when = nextDay === day ? (lang === 'zh' ? '今天' : 'today') : dayNames[lang][nextDay - 1];
  return { now: false, hours: summary, next: `${when} ${hours.open}` };
}
