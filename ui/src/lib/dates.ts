// Dates as people at a Korean counter write them, and as the app stores them (YYYY-MM-DD).
// The webview's own date fields follow the process locale (12/04/2026 under en_US), so the app
// uses text fields read by these helpers: pure, so they are tested without a webview.
import type { Lang } from '../bindings/Lang';
import { tl } from './i18n.svelte';

/** Why a typed date was not taken. */
export type DateProblem = 'format' | 'day' | 'required';

export type Parsed = { ok: true; value: string } | { ok: false; problem: DateProblem };

const p2 = (n: number) => String(n).padStart(2, '0');

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function ymd(y: string, m: string, d: string): Parsed {
  const year = Number(y);
  const month = Number(m);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return { ok: false, problem: 'day' };
  return { ok: true, value: `${y}-${p2(month)}-${p2(day)}` };
}

// Year first, always: 2026-04-12, 2026-4-12, 2026.4.12, 2026. 4. 12., 2026/04/12,
// 2026년 4월 12일, 20260412. Day-first or month-first forms (12/04/2026) are refused: which
// is the month cannot be told.
const DATE_FORMS = [
  /^(\d{4})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{1,2})\.?$/,
  /^(\d{4})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일$/,
  /^(\d{4})(\d{2})(\d{2})$/,
];

/** A typed date as YYYY-MM-DD, or why not. An empty text is `required`. */
export function parseDate(text: string): Parsed {
  const s = text.trim();
  if (s === '') return { ok: false, problem: 'required' };
  for (const form of DATE_FORMS) {
    const m = form.exec(s);
    if (m) return ymd(m[1], m[2], m[3]);
  }
  return { ok: false, problem: 'format' };
}

/** A typed date and time as YYYY-MM-DDTHH:MM (seconds dropped), or why not. */
export function parseDateTime(text: string): Parsed {
  const s = text.trim();
  if (s === '') return { ok: false, problem: 'required' };
  const m = /^(.+?)(?:\s+|T)(\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/.exec(s);
  if (!m) return { ok: false, problem: 'format' };
  const date = parseDate(m[1]);
  if (!date.ok) return date.problem === 'day' ? date : { ok: false, problem: 'format' };
  const hour = Number(m[2]);
  const minute = Number(m[3]);
  if (hour > 23 || minute > 59) return { ok: false, problem: 'format' };
  return { ok: true, value: `${date.value}T${p2(hour)}:${p2(minute)}` };
}

/** A stored date-time (2026-04-12T14:30:00) as a person types it: 2026-04-12 14:30. */
export function showDateTime(value: string): string {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) ? value.slice(0, 16).replace('T', ' ') : value;
}

/** What to tell the person about a date not taken, in their language. */
export function dateProblemText(problem: DateProblem, withTime: boolean, lang: Lang): string {
  if (problem === 'day') return tl('dateNoSuchDay', lang);
  if (problem === 'required') return tl(withTime ? 'dateTimeRequired' : 'dateRequired', lang);
  return tl(withTime ? 'dateTimeFormat' : 'dateFormat', lang);
}
