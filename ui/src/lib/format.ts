// Small pure helpers for display.
import type { L10n } from '../bindings/L10n';
import type { Lang } from '../bindings/Lang';

/** "D-3", "D-day", "D+2" as Korean counters write deadlines. */
export function dday(daysLeft: number): string {
  if (daysLeft === 0) return 'D-day';
  return daysLeft > 0 ? `D-${daysLeft}` : `D+${-daysLeft}`;
}

/** Today's date in local time as YYYY-MM-DD. */
export function isoToday(now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

/** Local date and time as the value of a datetime-local input (YYYY-MM-DDTHH:MM). */
export function isoNowMinutes(now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${isoToday(now)}T${p(now.getHours())}:${p(now.getMinutes())}`;
}

/** The text in `lang`; English with none of its own falls back to the Korean. */
export function pick(text: L10n, lang: Lang): string {
  return lang === 'en' && text.en.trim() !== '' ? text.en : text.ko;
}

const HANGUL = /[\uAC00-\uD7A3\u1100-\u11FF\u3130-\u318F]/;

/**
 * Whether a text has no English of its own: empty, or the Korean copied over (the national
 * feeds publish Korean only). The same rule as `L10n::has_english` in the domain.
 */
export function koreanOnly(text: L10n): boolean {
  return text.en.trim() === '' || (text.en === text.ko && HANGUL.test(text.ko));
}

/** Won with thousands separators. */
export function won(n: number, lang: Lang): string {
  return lang === 'en' ? `KRW ${n.toLocaleString('en-US')}` : `${n.toLocaleString('ko-KR')}원`;
}

/** A file size for people: 512 B, 12.3 KB, 4.5 MB (1 KB = 1024 bytes). */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let n = bytes / 1024;
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n < 10 ? n.toFixed(1) : Math.round(n)} ${units[i]}`;
}

/** A stored date-time (2024-05-02T14:03:09.123) as shown: 2024-05-02 14:03:09. */
export function dateTime(s: string): string {
  return s.replace('T', ' ').slice(0, 19);
}
