// Pure helpers for the sync control and screen: the status line, progress, a sync's summary
// and a conflicting value shown for people. Each takes the language, so tests need no state.
import type { Lang } from '../bindings/Lang';
import type { SyncProgress } from '../bindings/SyncProgress';
import type { SyncReport } from '../bindings/SyncReport';
import type { SyncStatus } from '../bindings/SyncStatus';
import { fill, tl } from './i18n.svelte';
import { dateTime, won } from './format';
import { STAGES } from './programs';

/** When the desk last synced, for people: "방금", "5분 전", "3시간 전", else the date and time. */
export function lastSyncedText(lastSynced: string | null, lang: Lang, now: Date = new Date()): string {
  if (!lastSynced) return tl('syncNever', lang);
  // A stored local date-time without offset: the Date constructor reads it as local time.
  const at = new Date(lastSynced);
  const mins = Math.floor((now.getTime() - at.getTime()) / 60000);
  if (Number.isNaN(mins)) return dateTime(lastSynced);
  if (mins < 1) return tl('syncJustNow', lang);
  if (mins < 60) return fill(tl('syncMinutesAgo', lang), { n: mins });
  if (mins < 24 * 60) return fill(tl('syncHoursAgo', lang), { n: Math.floor(mins / 60) });
  return dateTime(lastSynced).slice(0, 16);
}

/** An instant with its offset (RFC 3339) in local time: 2026-01-05 21:07. */
export function localDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** Signed in to a hub with a token that has not ended. */
export function hubSignedIn(status: SyncStatus | null, now: Date = new Date()): boolean {
  if (!status?.hub || !status.expires_at) return false;
  const end = new Date(status.expires_at).getTime();
  return Number.isNaN(end) || end > now.getTime();
}

/** The error says the desk must (again) sign in to its hub. */
export function needsHubSignIn(e: { code: string; message: string }): boolean {
  return e.code === 'denied' && /sign in/i.test(e.message);
}

/** What a running sync is doing, and how far (for a progress bar when it is known). */
export function progressText(p: SyncProgress | null, lang: Lang): { text: string; value: number | null; max: number } {
  if (!p) return { text: tl('syncConnecting', lang), value: null, max: 1 };
  switch (p.step) {
    case 'pushing':
      return { text: fill(tl('syncPushing', lang), { done: p.done, total: p.total }), value: p.done, max: Math.max(p.total, 1) };
    case 'pulling':
      return { text: fill(tl('syncPulling', lang), { n: p.received }), value: null, max: 1 };
    case 'catalogue':
      return { text: fill(tl('syncCatalogue', lang), { v: String(p.version) }), value: null, max: 1 };
  }
}

/** One line about a finished sync. */
export function reportText(r: SyncReport, lang: Lang): string {
  let s = fill(tl('syncDone', lang), { pushed: r.pushed, pulled: r.pulled });
  if (r.conflicted) s += fill(tl('syncDoneConflicts', lang), { n: r.conflicted });
  if (r.duplicates) s += fill(tl('syncDoneDuplicates', lang), { n: r.duplicates });
  if (r.dropped_erased) s += fill(tl('syncDoneErased', lang), { n: r.dropped_erased });
  if (r.set_aside) s += fill(tl('syncDoneSetAside', lang), { n: r.set_aside });
  if (r.catalogue_version !== null) s += fill(tl('syncDoneCatalogue', lang), { v: String(r.catalogue_version) });
  return s;
}

const STATUSES: Record<string, [string, string]> = {
  operating: ['계속사업자', 'operating'],
  suspended: ['휴업', 'suspended'],
  closed: ['폐업', 'closed'],
};

/** A value of a merchant field in conflict, readable: `null` is "비어 있음 / empty". */
export function conflictValueText(field: string, value: unknown, lang: Lang): string {
  const en = lang === 'en';
  if (value === null || value === undefined) return tl('valueEmpty', lang);
  if (typeof value === 'boolean') return tl(value ? 'yes' : 'no', lang);
  if (typeof value === 'number') {
    if (field === 'annual_sales_krw') return won(value, lang);
    return value.toLocaleString(en ? 'en-US' : 'ko-KR');
  }
  if (typeof value === 'string') {
    if (value === '') return tl(field === 'factory_district' ? 'noFactory' : 'valueEmpty', lang);
    if (field === 'business_status' && STATUSES[value]) return STATUSES[value][en ? 1 : 0];
    if (field === 'stage') {
      const s = STAGES.find(([k]) => k === value);
      if (s) return en ? s[2] : s[1];
    }
    return value;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return tl('none', lang);
    return value.map((v) => conflictItemText(v, lang)).join(', ');
  }
  return JSON.stringify(value);
}

/** One item of a list value (a new hire: its date and whether insured). */
function conflictItemText(v: unknown, lang: Lang): string {
  if (v && typeof v === 'object' && 'hired_on' in v) {
    const h = v as { hired_on: string; employment_insurance?: boolean | null };
    if (h.employment_insurance === true) return `${h.hired_on} (${tl('insured', lang)})`;
    if (h.employment_insurance === false) return `${h.hired_on} (${tl('notInsured', lang)})`;
    return h.hired_on;
  }
  return conflictValueText('', v, lang);
}
