// The consultation form's state, to and from what Rust stores, and what changed between two
// saved versions. Pure: tested without a webview.
import type { Channel } from '../bindings/Channel';
import type { Consultation } from '../bindings/Consultation';
import type { ConsultationInput } from '../bindings/ConsultationInput';
import type { Referral } from '../bindings/Referral';
import type { ReferralStatus } from '../bindings/ReferralStatus';

export const REFERRAL_STATUSES: ReferralStatus[] = ['proposed', 'referred', 'accepted', 'completed', 'declined'];

export interface ConsultForm {
  counselor: string;
  channel: Channel;
  place: string;
  /** YYYY-MM-DDTHH:MM */
  at: string;
  topics: string[];
  notes: string;
  programIds: string[];
  /** Each row: what the form edits, and the referral as saved (its partner's answer and result
   *  are kept as they are when the consultation is edited). */
  referrals: {
    institution: string;
    program_id: string;
    status: ReferralStatus;
    note: string | null;
    partner_id: string;
    /** Further programs the referral is about. */
    more: string[];
    saved: Referral | null;
  }[];
  /** The partner that sent the merchant, or ''. */
  referredBy: string;
  followUps: { due_on: string; action: string; done: boolean }[];
  outcome: string;
}

export function emptyConsultForm(counselor: string, at: string): ConsultForm {
  return {
    counselor,
    channel: 'counter',
    place: '',
    at,
    topics: [],
    notes: '',
    programIds: [],
    referrals: [],
    referredBy: '',
    followUps: [],
    outcome: '',
  };
}

/** A new referral row of the form. */
export function blankReferral(): ConsultForm['referrals'][number] {
  return { institution: '', program_id: '', status: 'proposed', note: null, partner_id: '', more: [], saved: null };
}

/** A saved consultation's fields, to edit in the form. */
export function formFromConsultation(c: Consultation): ConsultForm {
  return {
    counselor: c.counselor,
    channel: c.channel,
    place: c.place ?? '',
    at: c.at.slice(0, 16),
    topics: [...c.topics],
    notes: c.notes,
    programIds: c.programs.map((p) => p.program_id),
    referrals: c.referrals.map((r) => ({
      institution: r.institution,
      program_id: r.program_id ?? '',
      status: r.status,
      note: r.note ?? null,
      partner_id: r.partner_id ?? '',
      more: [...(r.more_programs ?? [])],
      saved: r,
    })),
    referredBy: c.referred_by ?? '',
    followUps: c.follow_ups.map((f) => ({ due_on: f.due_on, action: f.action, done: f.done })),
    outcome: c.outcome ?? '',
  };
}

/** What the form sends: empty rows left out, text trimmed. */
export function inputFromForm(merchantId: string, f: ConsultForm): ConsultationInput {
  return {
    merchant_id: merchantId,
    at: f.at.length === 16 ? `${f.at}:00` : f.at,
    counselor: f.counselor.trim(),
    channel: f.channel,
    place: f.place.trim() || null,
    topics: f.topics,
    notes: f.notes,
    program_ids: f.programIds,
    referrals: f.referrals
      .filter((r) => r.institution.trim())
      .map((r) => ({
        ...(r.saved ?? {}),
        institution: r.institution.trim(),
        program_id: r.program_id || null,
        status: r.status,
        note: r.note,
        partner_id: r.partner_id || null,
        more_programs: r.more.filter((p) => p && p !== r.program_id),
      })),
    follow_ups: f.followUps
      .filter((x) => x.action.trim())
      .map((x) => ({ due_on: x.due_on.trim(), action: x.action.trim(), done: x.done })),
    outcome: f.outcome.trim() || null,
    referred_by: f.referredBy || null,
  };
}

/** The parts of a consultation a version can change, in the order the form shows them. */
export type ConsultationPart =
  | 'at'
  | 'counselor'
  | 'channel'
  | 'place'
  | 'topics'
  | 'notes'
  | 'programs'
  | 'referrals'
  | 'follow_ups'
  | 'outcome';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** What `after` changed from `before` (the verdict snapshots aside: they stay as first saved). */
export function changedParts(before: Consultation, after: Consultation): ConsultationPart[] {
  const parts: [ConsultationPart, unknown, unknown][] = [
    ['at', before.at.slice(0, 16), after.at.slice(0, 16)],
    ['counselor', before.counselor, after.counselor],
    ['channel', before.channel, after.channel],
    ['place', before.place ?? '', after.place ?? ''],
    ['topics', before.topics, after.topics],
    ['notes', before.notes, after.notes],
    ['programs', before.programs.map((p) => p.program_id), after.programs.map((p) => p.program_id)],
    [
      'referrals',
      before.referrals.map((r) => [r.institution, r.program_id ?? null, r.status, r.note ?? null, r.partner_id ?? null, r.result ?? null]),
      after.referrals.map((r) => [r.institution, r.program_id ?? null, r.status, r.note ?? null, r.partner_id ?? null, r.result ?? null]),
    ],
    [
      'follow_ups',
      before.follow_ups.map((f) => [f.due_on, f.action, f.done]),
      after.follow_ups.map((f) => [f.due_on, f.action, f.done]),
    ],
    ['outcome', before.outcome ?? '', after.outcome ?? ''],
  ];
  return parts.filter(([, a, b]) => !same(a, b)).map(([k]) => k);
}
