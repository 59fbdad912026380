// The one typed wrapper every IPC call goes through. Types come from the Rust side (ts-rs).
import { Channel, invoke } from '@tauri-apps/api/core';
import type { AppInfo } from '../bindings/AppInfo';
import type { CmdError } from '../bindings/CmdError';
import type { Consultation } from '../bindings/Consultation';
import type { ConsultationInput } from '../bindings/ConsultationInput';
import type { DeskSettings } from '../bindings/DeskSettings';
import type { District } from '../bindings/District';
import type { FeedSettings } from '../bindings/FeedSettings';
import type { FieldError } from '../bindings/FieldError';
import type { ImportSummary } from '../bindings/ImportSummary';
import type { KsicEntry } from '../bindings/KsicEntry';
import type { MatchView } from '../bindings/MatchView';
import type { Merchant } from '../bindings/Merchant';
import type { Program } from '../bindings/Program';
import type { ProgramVersion } from '../bindings/ProgramVersion';
import type { ProgramView } from '../bindings/ProgramView';
import type { Progress } from '../bindings/Progress';
import type { ReportFiles } from '../bindings/ReportFiles';
import type { Lang } from '../bindings/Lang';
import type { ProgramFilter } from '../bindings/ProgramFilter';
import type { ReferralStatus } from '../bindings/ReferralStatus';
import type { SearchHit } from '../bindings/SearchHit';
import type { TodayView } from '../bindings/TodayView';

/** A profile as sent to Rust: only the keys that are known. Rust validates every value. */
export type ProfileDraft = Record<string, unknown>;

/** A command failed; `code` and `message` come from the core's error. */
export class ApiError extends Error {
  readonly code: string;
  constructor(e: CmdError) {
    super(e.message);
    this.code = e.code;
  }
}

function toApiError(e: unknown): ApiError {
  if (e && typeof e === 'object' && 'code' in e && 'message' in e) {
    return new ApiError(e as CmdError);
  }
  return new ApiError({ code: 'ipc', message: String(e) });
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw toApiError(e);
  }
}

export const api = {
  appInfo: () => call<AppInfo>('app_info'),
  today: (date: string) => call<TodayView>('today', { date }),
  search: (query: string) => call<SearchHit[]>('search', { query }),
  checkProfile: (profile: ProfileDraft) => call<FieldError[]>('check_profile', { profile }),
  likelyDuplicates: (profile: ProfileDraft, except_id: string | null) =>
    call<Merchant[]>('likely_duplicates', { profile, except_id }),
  addMerchant: (profile: ProfileDraft) => call<Merchant>('add_merchant', { profile }),
  updateMerchant: (id: string, profile: ProfileDraft) => call<Merchant>('update_merchant', { id, profile }),
  getMerchant: (id: string) => call<Merchant>('get_merchant', { id }),
  listMerchants: () => call<Merchant[]>('list_merchants'),
  matchMerchant: (id: string, as_of: string) => call<MatchView>('match_merchant', { id, as_of }),
  addConsultation: (input: ConsultationInput) => call<Consultation>('add_consultation', { input }),
  updateConsultation: (id: string, input: ConsultationInput) =>
    call<Consultation>('update_consultation', { id, input }),
  getConsultation: (id: string) => call<Consultation>('get_consultation', { id }),
  merchantConsultations: (merchant_id: string) =>
    call<Consultation[]>('merchant_consultations', { merchant_id }),
  setFollowUpDone: (id: string, index: number, done: boolean) =>
    call<Consultation>('set_follow_up_done', { id, index, done }),
  setReferralStatus: (id: string, index: number, status: ReferralStatus) =>
    call<Consultation>('set_referral_status', { id, index, status }),
  listPrograms: (filter: ProgramFilter) => call<Program[]>('list_programs', { filter }),
  getProgram: (id: string, on: string) => call<ProgramView>('get_program', { id, on }),
  ksicSearch: (query: string) => call<KsicEntry[]>('ksic_search', { query }),
  seoulDistricts: () => call<District[]>('seoul_districts'),
  getSettings: () => call<DeskSettings>('get_settings'),
  saveSettings: (settings: DeskSettings) => call<DeskSettings>('save_settings', { settings }),
  backupNow: () => call<string>('backup_now'),
  saveSummaryPdf: (consultation_id: string, lang: Lang, include_internal_notes: boolean) =>
    call<ReportFiles>('save_summary_pdf', { consultation_id, lang, include_internal_notes }),
  savePeriodReport: (from: string, to: string, lang: Lang) =>
    call<ReportFiles>('save_period_report', { from, to, lang }),
  programHistory: (id: string) => call<ProgramVersion[]>('program_history', { id }),
  checkProgram: (program: Program) => call<null>('check_program', { program }),
  createProgram: (program: Program) => call<Program>('create_program', { program }),
  editProgram: (program: Program) => call<Program>('edit_program', { program }),
  retireProgram: (id: string, retired: boolean) => call<Program>('retire_program', { id, retired }),
  getFeedSettings: () => call<FeedSettings>('get_feed_settings'),
  importBizinfoBody: (body: string) => call<ImportSummary>('import_bizinfo_body', { body }),
  /** Fetch and import the feed; `onProgress` hears each page and the writing. */
  importBizinfoUrl: (feed: FeedSettings, onProgress: (p: Progress) => void) => {
    const on_progress = new Channel<Progress>();
    on_progress.onmessage = onProgress;
    return call<ImportSummary>('import_bizinfo_url', { feed, on_progress });
  },
};

/** Turn a merchant's stored profile back into a draft (drops unknown facts). */
export function profileToDraft(profile: Record<string, unknown>): ProfileDraft {
  const out: ProfileDraft = {};
  for (const [k, v] of Object.entries(profile)) {
    if (v !== null && v !== undefined) out[k] = v;
  }
  return out;
}
