// The merchant form's working copy. Every input holds text; blank means unknown. Converting to
// a profile keeps what was typed (e.g. "abc" for a number) so that Rust names the bad field.
import type { ProfileDraft } from './api';
import { PERSONAL_FIELDS } from '../bindings/PersonalFields';

export type FieldKind = 'text' | 'number' | 'date' | 'bool' | 'status' | 'stage' | 'city' | 'district' | 'ksic';

export const FIELDS: [string, FieldKind][] = [
  ['name', 'text'],
  ['owner_name', 'text'],
  ['business_registration_number', 'text'],
  ['phone', 'text'],
  ['city', 'city'],
  ['district', 'district'],
  ['ksic_code', 'ksic'],
  ['full_time_workers', 'number'],
  ['founded_on', 'date'],
  ['business_status', 'status'],
  ['closed_on', 'date'],
  ['previously_closed_on', 'date'],
  ['owner_birth_date', 'date'],
  ['nonprofit', 'bool'],
  ['annual_sales_krw', 'number'],
  ['factory_district', 'text'],
  ['incubator_tenant', 'bool'],
  ['corporation', 'bool'],
  ['venture_certified', 'bool'],
  ['innobiz_certified', 'bool'],
  ['mainbiz_certified', 'bool'],
  ['women_owned', 'bool'],
  ['disabled_owned', 'bool'],
  ['social_enterprise', 'bool'],
  ['research_lab', 'bool'],
  ['exporter', 'bool'],
  ['stage', 'stage'],
];

const NONE_WORDS = ['없음', 'none', '-'];

export interface HireRow {
  hired_on: string;
  /** '' unknown, 'true', 'false' */
  insured: string;
}

export interface FormState {
  values: Record<string, string>;
  /** 'unknown' (no key), 'none' ([]), 'some' (rows) */
  hiresMode: 'unknown' | 'none' | 'some';
  hires: HireRow[];
}

export function emptyForm(): FormState {
  return { values: Object.fromEntries(FIELDS.map(([k]) => [k, ''])), hiresMode: 'unknown', hires: [] };
}

/** Form state from a stored profile. */
export function formFromProfile(p: Record<string, unknown>): FormState {
  const f = emptyForm();
  for (const [k] of FIELDS) {
    const v = p[k];
    if (v !== null && v !== undefined) f.values[k] = k === 'factory_district' && v === '' ? '없음' : String(v);
  }
  const hires = p['new_hires'] as { hired_on: string; employment_insurance?: boolean | null }[] | undefined | null;
  if (Array.isArray(hires)) {
    f.hiresMode = hires.length ? 'some' : 'none';
    f.hires = hires.map((h) => ({
      hired_on: h.hired_on,
      insured: h.employment_insurance === true ? 'true' : h.employment_insurance === false ? 'false' : '',
    }));
  }
  return f;
}

/** The profile JSON to send: blank fields are left out (unknown). */
export function draftFromForm(f: FormState): ProfileDraft {
  const out: ProfileDraft = {};
  for (const [k, kind] of FIELDS) {
    const raw = (f.values[k] ?? '').trim();
    if (raw === '') continue;
    // "No registered factory" is a known fact, written "없음" or "none" on the form.
    if (k === 'factory_district' && NONE_WORDS.includes(raw.toLowerCase())) out[k] = '';
    else if (kind === 'number') out[k] = /^\d+$/.test(raw) ? Number(raw) : raw;
    else if (kind === 'bool') out[k] = raw === 'true';
    else out[k] = raw;
  }
  if (f.hiresMode === 'none') out['new_hires'] = [];
  if (f.hiresMode === 'some') {
    out['new_hires'] = f.hires
      .filter((h) => h.hired_on.trim() !== '')
      .map((h) => (h.insured === '' ? { hired_on: h.hired_on } : { hired_on: h.hired_on, employment_insurance: h.insured === 'true' }));
  }
  return out;
}

// The one list of personal fields, generated from Rust.
export { PERSONAL_FIELDS };

/** The personal fields filled in on the form. */
export function personalFilled(f: FormState): string[] {
  return PERSONAL_FIELDS.filter((k) => (f.values[k] ?? '').trim() !== '');
}

/** Personal fields that would be refused on save: filled, with no consent on record nor given now. */
export function needingConsent(f: FormState, consentOnRecord: boolean, consentGiven: boolean): string[] {
  return consentOnRecord || consentGiven ? [] : personalFilled(f);
}
