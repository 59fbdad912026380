// The one typed wrapper every IPC call goes through. Types come from the Rust side (ts-rs).
import { Channel, invoke } from '@tauri-apps/api/core';
import type { Feed } from '../bindings/Feed';
import type { CallList } from '../bindings/CallList';
import type { AppInfo } from '../bindings/AppInfo';
import type { AuditEntry } from '../bindings/AuditEntry';
import type { AuditFilter } from '../bindings/AuditFilter';
import type { BackupInfo } from '../bindings/BackupInfo';
import type { Consent } from '../bindings/Consent';
import type { ConsentInput } from '../bindings/ConsentInput';
import type { Erased } from '../bindings/Erased';
import type { NewStaff } from '../bindings/NewStaff';
import type { SessionState } from '../bindings/SessionState';
import type { SetUpDone } from '../bindings/SetUpDone';
import type { StaffMember } from '../bindings/StaffMember';
import type { CmdError } from '../bindings/CmdError';
import { WRITES, type Command } from '../bindings/Commands';
import { ui } from './i18n.svelte';
import type { Application } from '../bindings/Application';
import type { ApplicationInput } from '../bindings/ApplicationInput';
import type { Consultation } from '../bindings/Consultation';
import type { Partner } from '../bindings/Partner';
import type { Visit } from '../bindings/Visit';
import type { VisitInput } from '../bindings/VisitInput';
import type { VisitItem } from '../bindings/VisitItem';
import type { PeriodResults } from '../bindings/PeriodResults';
import type { ReferralAnswer } from '../bindings/ReferralAnswer';
import type { ConsultationInput } from '../bindings/ConsultationInput';
import type { DeskSettings } from '../bindings/DeskSettings';
import type { District } from '../bindings/District';
import type { FeedSettings } from '../bindings/FeedSettings';
import type { FieldError } from '../bindings/FieldError';
import type { ImportSummary } from '../bindings/ImportSummary';
import type { KsicEntry } from '../bindings/KsicEntry';
import type { Match } from '../bindings/Match';
import type { MatchView } from '../bindings/MatchView';
import type { Merchant } from '../bindings/Merchant';
import type { Program } from '../bindings/Program';
import type { ProgramVersion } from '../bindings/ProgramVersion';
import type { ProgramView } from '../bindings/ProgramView';
import type { Progress } from '../bindings/Progress';
import type { ReportFiles } from '../bindings/ReportFiles';
import type { Lang } from '../bindings/Lang';
import type { ProgramFilter } from '../bindings/ProgramFilter';
import type { ProgramItem } from '../bindings/ProgramItem';
import type { ReferralStatus } from '../bindings/ReferralStatus';
import type { SearchHit } from '../bindings/SearchHit';
import type { TodayView } from '../bindings/TodayView';
import type { PublishedCatalogue } from '../bindings/PublishedCatalogue';
import type { SyncConflict } from '../bindings/SyncConflict';
import type { SyncProgress } from '../bindings/SyncProgress';
import type { SyncReport } from '../bindings/SyncReport';
import type { SyncStatus } from '../bindings/SyncStatus';

/** A profile as sent to Rust: only the keys that are known. Rust validates every value. */
export type ProfileDraft = Record<string, unknown>;

/** A command failed; `code` and `message` come from the core's error. */
/** A failed command: its code, and its message in the screen's language (Korean unless the
 * desk is set to English; the English words stay in `english`). */
export class ApiError extends Error {
  readonly code: string;
  readonly english: string;
  constructor(e: Pick<CmdError, 'code' | 'message'> & { message_ko?: string }) {
    super(ui.lang === 'en' || !e.message_ko ? e.message : e.message_ko);
    this.code = e.code;
    this.english = e.message;
  }
}

function toApiError(e: unknown): ApiError {
  if (e && typeof e === 'object' && 'code' in e && 'message' in e) {
    return new ApiError(e as CmdError);
  }
  return new ApiError({ code: 'ipc', message: String(e), message_ko: `앱 내부 호출 실패: ${String(e)}` });
}

/** Told when a command fails because nobody is signed in (or the idle limit passed). */
export type LockedListener = (e: ApiError) => void;
const lockedListeners = new Set<LockedListener>();

/** Hear every `locked` failure, from any screen. Returns the function that stops listening. */
export function onLocked(listener: LockedListener): () => void {
  lockedListeners.add(listener);
  return () => {
    lockedListeners.delete(listener);
  };
}

const changedListeners = new Set<() => void>();

/** Hear every successful change to the desk's data (e.g. to refresh the sync status): a command
 *  marked `write` in src-tauri/commands_list.rs (`WRITES`) that succeeded. */
export function onChanged(listener: () => void): () => void {
  changedListeners.add(listener);
  return () => {
    changedListeners.delete(listener);
  };
}

/** Call a command by its name (one of `Command`, generated from src-tauri/commands_list.rs). */
async function call<T>(cmd: Command, args?: Record<string, unknown>): Promise<T> {
  try {
    const result = await invoke<T>(cmd, args);
    if (WRITES.has(cmd)) {
      for (const l of [...changedListeners]) {
        try {
          l();
        } catch {
          // A listener's failure must not fail the command that succeeded.
        }
      }
    }
    return result;
  } catch (e) {
    const err = toApiError(e);
    if (err.code === 'locked') {
      for (const l of [...lockedListeners]) {
        try {
          l(err);
        } catch {
          // A listener's failure must not hide the command's own error.
        }
      }
    }
    throw err;
  }
}

export const api = {
  appInfo: () => call<AppInfo>('app_info'),
  today: (date: string) => call<TodayView>('today', { date }),
  search: (query: string) => call<SearchHit[]>('search', { query }),
  checkProfile: (profile: ProfileDraft) => call<FieldError[]>('check_profile', { profile }),
  likelyDuplicates: (profile: ProfileDraft, except_id: string | null) =>
    call<Merchant[]>('likely_duplicates', { profile, except_id }),
  /** `consent`: the signed form, given with this save (needed for personal fields without one on record). */
  addMerchant: (profile: ProfileDraft, consent: ConsentInput | null = null) =>
    call<Merchant>('add_merchant', { profile, consent }),
  updateMerchant: (id: string, profile: ProfileDraft, consent: ConsentInput | null = null) =>
    call<Merchant>('update_merchant', { id, profile, consent }),
  getMerchant: (id: string) => call<Merchant>('get_merchant', { id }),
  listMerchants: () => call<Merchant[]>('list_merchants'),
  matchMerchant: (id: string, as_of: string) => call<MatchView>('match_merchant', { id, as_of }),
  explainMatch: (id: string, program_id: string, as_of: string) =>
    call<Match>('explain_match', { id, program_id, as_of }),
  addConsultation: (input: ConsultationInput) => call<Consultation>('add_consultation', { input }),
  updateConsultation: (id: string, input: ConsultationInput) =>
    call<Consultation>('update_consultation', { id, input }),
  getConsultation: (id: string) => call<Consultation>('get_consultation', { id }),
  merchantConsultations: (merchant_id: string) =>
    call<Consultation[]>('merchant_consultations', { merchant_id }),
  /** Every saved version of a consultation, oldest first (the view is logged). */
  consultationVersions: (id: string) => call<Consultation[]>('consultation_versions', { id }),
  setFollowUpDone: (id: string, index: number, done: boolean) =>
    call<Consultation>('set_follow_up_done', { id, index, done }),
  setReferralStatus: (id: string, index: number, status: ReferralStatus) =>
    call<Consultation>('set_referral_status', { id, index, status }),
  addApplication: (input: ApplicationInput) => call<Application>('add_application', { input }),
  /** Save what staff changed as the application's next version (the earlier one is kept). */
  updateApplication: (id: string, input: ApplicationInput) => call<Application>('update_application', { id, input }),
  adjustDuty: (id: string, step: number, due_on: string, reason: string) =>
    call<Application>('adjust_duty', { id, step, due_on, reason }),
  setDutyDone: (id: string, step: number, done: boolean) => call<Application>('set_duty_done', { id, step, done }),
  merchantApplications: (merchant_id: string) => call<Application[]>('merchant_applications', { merchant_id }),
  applicationVersions: (id: string) => call<Application[]>('application_versions', { id }),
  /** The catalogue's rows (what a row shows); `getProgram` gives the whole program. */
  listPrograms: (filter: ProgramFilter) => call<ProgramItem[]>('list_programs', { filter }),
  getProgram: (id: string, on: string) => call<ProgramView>('get_program', { id, on }),
  ksicSearch: (query: string) => call<KsicEntry[]>('ksic_search', { query }),
  seoulDistricts: () => call<District[]>('seoul_districts'),
  getSettings: () => call<DeskSettings>('get_settings'),
  saveSettings: (settings: DeskSettings) => call<DeskSettings>('save_settings', { settings }),
  backupNow: () => call<string>('backup_now'),
  saveSummaryPdf: (consultation_id: string, lang: Lang, include_internal_notes: boolean, large_print: boolean) =>
    call<ReportFiles>('save_summary_pdf', { consultation_id, lang, include_internal_notes, large_print }),
  /** A referral's slip (only the fields the merchant's consent allows), saved and opened. */
  saveReferralSlip: (consultation_id: string, index: number, lang: Lang) =>
    call<ReportFiles>('save_referral_slip', { consultation_id, index, lang }),
  /** The partner's answer to a referral and what came of it (a new version). */
  answerReferral: (id: string, index: number, answer: ReferralAnswer) =>
    call<Consultation>('answer_referral', { id, index, answer }),
  listPartners: (include_retired: boolean) => call<Partner[]>('list_partners', { include_retired }),
  savePartner: (partner: Partner) => call<Partner>('save_partner', { partner }),
  retirePartner: (id: string, retired: boolean) => call<Partner>('retire_partner', { id, retired }),
  planVisit: (input: VisitInput) => call<Visit>('plan_visit', { input }),
  updateVisit: (id: string, input: VisitInput) => call<Visit>('update_visit', { id, input }),
  visitsBetween: (from: string, to: string) => call<VisitItem[]>('visits_between', { from, to }),
  /** Record a planned visit as a consultation (channel, place and time from the plan). */
  recordVisit: (id: string, input: ConsultationInput) => call<Consultation>('record_visit', { id, input }),
  /** What came of the advice in a period, for the Reports screen. */
  periodResults: (from: string, to: string) => call<PeriodResults>('period_results', { from, to }),
  savePeriodReport: (from: string, to: string, lang: Lang) =>
    call<ReportFiles>('save_period_report', { from, to, lang }),
  programHistory: (id: string) => call<ProgramVersion[]>('program_history', { id }),
  checkProgram: (program: Program) => call<null>('check_program', { program }),
  createProgram: (program: Program) => call<Program>('create_program', { program }),
  editProgram: (program: Program) => call<Program>('edit_program', { program }),
  retireProgram: (id: string, retired: boolean) => call<Program>('retire_program', { id, retired }),
  getFeedSettings: (feed: Feed = 'bizinfo') => call<FeedSettings>('get_feed_settings', { feed }),
  /** Programs new since the last look, and whom to call about each (the view is logged). */
  newProgramCalls: (as_of: string) => call<CallList>('new_program_calls', { as_of }),
  markCallsSeen: () => call<null>('mark_calls_seen'),
  /** Write the list as CSV beside the data; returns the path (the export is logged). */
  saveCallsCsv: (as_of: string, lang: Lang) => call<string>('save_calls_csv', { as_of, lang }),
  importBizinfoBody: (body: string) => call<ImportSummary>('import_bizinfo_body', { body }),
  /** A saved K-Startup (창업진흥원) API response. */
  importKstartupBody: (body: string) => call<ImportSummary>('import_kstartup_body', { body }),
  /** Fetch a feed (Bizinfo or K-Startup) and import it; `onProgress` hears each page and the writing. */
  importFeedUrl: (feed: FeedSettings, onProgress: (p: Progress) => void) => {
    const on_progress = new Channel<Progress>();
    on_progress.onmessage = onProgress;
    return call<ImportSummary>('import_feed_url', { feed, on_progress });
  },

  // Signing in and staff.
  sessionState: () => call<SessionState>('session_state'),
  /** `passphrase` only where the machine has no OS keystore (the session state says so). */
  setUpDesk: (first: NewStaff, passphrase: string | null) =>
    call<SetUpDone>('set_up_desk', { first, passphrase }),
  /** `passphrase` only when the session state says it is needed. */
  signIn: (login: string, secret: string, passphrase: string | null = null) =>
    call<StaffMember>('sign_in', { login, secret, passphrase }),
  signOut: () => call<null>('sign_out'),
  addStaff: (member: NewStaff) => call<StaffMember>('add_staff', { new: member }),
  setStaffPin: (login: string, secret: string) => call<StaffMember>('set_staff_pin', { login, secret }),
  disableStaff: (login: string) => call<StaffMember>('disable_staff', { login }),
  auditLog: (filter: AuditFilter) => call<AuditEntry[]>('audit_log', { filter }),

  // Personal data: consent, export, erasure.
  merchantConsents: (merchant_id: string) => call<Consent[]>('merchant_consents', { merchant_id }),
  recordConsent: (merchant_id: string, consent: ConsentInput) =>
    call<Consent[]>('record_consent', { merchant_id, consent }),
  withdrawConsent: (merchant_id: string, on: string) => call<Merchant>('withdraw_consent', { merchant_id, on }),
  exportMerchant: (merchant_id: string) => call<string>('export_merchant', { merchant_id }),
  eraseMerchant: (merchant_id: string) => call<Erased>('erase_merchant', { merchant_id }),

  // Backups.
  listBackups: () => call<BackupInfo[]>('list_backups'),
  /** `name`: the backup's file name (from `listBackups`). Returns the safety backup of the data replaced. */
  restoreBackup: (name: string) => call<BackupInfo>('restore_backup', { name }),

  // Sync with the center's hub.
  syncStatus: () => call<SyncStatus>('sync_status'),
  /** The password is used once by Rust (and wiped there); only the hub's token is kept. */
  syncSignIn: (hub: string, login: string, password: string) =>
    call<SyncStatus>('sync_sign_in', { hub, login, password }),
  /** Push, pull and take the catalogue; `onProgress` hears each step. */
  syncNow: (onProgress: (p: SyncProgress) => void) => {
    const on_progress = new Channel<SyncProgress>();
    on_progress.onmessage = onProgress;
    return call<SyncReport>('sync_now', { on_progress });
  },
  syncConflicts: () => call<SyncConflict[]>('sync_conflicts'),
  resolveConflict: (merchant_id: string, field: string, value: unknown) =>
    call<Merchant>('resolve_conflict', { merchant_id, field, value }),
  publishCatalogue: () => call<PublishedCatalogue>('publish_catalogue'),
  syncSignOut: () => call<SyncStatus>('sync_sign_out'),
};

let probed = false;

/** Tell Rust, once, that the first screen (`screen`) is on screen: called when it has mounted,
 *  and sent after the frame that shows it has been painted, with the page's own timings (ms
 *  since the navigation started at `origin`, a Unix time in ms). `scripts/bench-app.sh` times
 *  cold starts with it; Rust ignores it unless `ONESTOP_STARTUP_PROBE` is set. Not through
 *  `call`: it never counts as a change or a lock, and a failure is ignored. */
export function startupProbe(screen: string): void {
  if (probed || typeof requestAnimationFrame !== 'function') return;
  probed = true;
  const mounted = performance.now();
  requestAnimationFrame(() => {
    setTimeout(() => {
      const nav = performance.getEntriesByType?.('navigation')?.[0] as PerformanceNavigationTiming | undefined;
      const ms = (x: number | undefined) => (x ?? -1).toFixed(1);
      const detail =
        `origin=${ms(performance.timeOrigin)} html=${ms(nav?.responseEnd)} ` +
        `dcl=${ms(nav?.domContentLoadedEventStart)} mounted=${ms(mounted)} painted=${ms(performance.now())}`;
      invoke('startup_probe' satisfies Command, { screen, detail }).catch(() => {});
    }, 0);
  });
}

/** The file name at the end of a path (either slash). */
export function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** The consent on record: the latest not withdrawn, if any. */
export function activeConsent(consents: Consent[]): Consent | null {
  for (let i = consents.length - 1; i >= 0; i--) {
    if (consents[i].withdrawn_on === null) return consents[i];
  }
  return null;
}

/** Turn a merchant's stored profile back into a draft (drops unknown facts). */
export function profileToDraft(profile: Record<string, unknown>): ProfileDraft {
  const out: ProfileDraft = {};
  for (const [k, v] of Object.entries(profile)) {
    if (v !== null && v !== undefined) out[k] = v;
  }
  return out;
}
