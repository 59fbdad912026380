// Pure helpers for applications and their duties.
import type { Application } from '../bindings/Application';
import type { ApplicationInput } from '../bindings/ApplicationInput';
import type { Duty } from '../bindings/Duty';
import type { Lang } from '../bindings/Lang';

const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * A duty's date as people read it: the day (YYYY-MM-DD), the month alone where the source names
 * only the month ("2023년 7월", "July 2023"), or null while it waits for the date it counts from.
 */
export function dutyDate(d: Duty, lang: Lang): string | null {
  if (!d.due_on) return null;
  if (!d.month) return d.due_on;
  const [y, m] = d.due_on.split('-').map(Number);
  return lang === 'en' ? `${MONTHS_EN[m - 1]} ${y}` : `${y}년 ${m}월`;
}

/**
 * The last day a duty is on time: its day, or the last day of its month where the source names
 * only the month (as `Duty::deadline` in the domain); null while it waits.
 */
export function dutyDeadline(d: Duty): string | null {
  if (!d.due_on) return null;
  if (!d.month) return d.due_on;
  const [y, m] = d.due_on.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${y}-${String(m).padStart(2, '0')}-${String(last).padStart(2, '0')}`;
}

/** Days from `today` to `date` (both YYYY-MM-DD); negative when past. */
export function daysBetween(today: string, date: string): number {
  const ms = Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`);
  return Math.round(ms / 86_400_000);
}

/** An application back as what staff enter (to change some fields and save the rest). */
export function inputOf(a: Application): ApplicationInput {
  const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);
  return {
    merchant_id: a.merchant_id,
    program_id: a.program_id,
    consultation_id: opt(a.consultation_id),
    status: a.status,
    applied_on: opt(a.applied_on),
    hired_on: opt(a.hired_on),
    amount_requested_krw: opt(a.amount_requested_krw),
    decided_on: opt(a.decided_on),
    amount_approved_krw: opt(a.amount_approved_krw),
    decision_reason: opt(a.decision_reason),
    paid_on: opt(a.paid_on),
    amount_paid_krw: opt(a.amount_paid_krw),
    closed_on: opt(a.closed_on),
    note: a.note,
  };
}

/**
 * A won amount as staff type it ("3,000,000", "3000000원", "300만", "2억"), or undefined when it
 * is not one (the form then says so and saves nothing).
 */
export function parseWon(text: string): number | undefined {
  const m = /^(\d+)(만|억)?$/.exec(text.replace(/[,\s원]/g, ''));
  if (!m) return undefined;
  return Number(m[1]) * (m[2] === '억' ? 100_000_000 : m[2] === '만' ? 10_000 : 1);
}
