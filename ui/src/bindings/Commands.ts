// Generated from src-tauri/commands_list.rs by src-tauri/bindings.rs. Do not edit.

/** Every IPC command the window may call. */
export type Command =
  | 'app_info'
  | 'today'
  | 'search'
  | 'check_profile'
  | 'likely_duplicates'
  | 'add_merchant'
  | 'update_merchant'
  | 'get_merchant'
  | 'list_merchants'
  | 'match_merchant'
  | 'explain_match'
  | 'add_consultation'
  | 'update_consultation'
  | 'get_consultation'
  | 'merchant_consultations'
  | 'consultation_versions'
  | 'set_follow_up_done'
  | 'set_referral_status'
  | 'answer_referral'
  | 'list_partners'
  | 'save_partner'
  | 'retire_partner'
  | 'plan_visit'
  | 'update_visit'
  | 'visits_between'
  | 'record_visit'
  | 'add_application'
  | 'update_application'
  | 'adjust_duty'
  | 'set_duty_done'
  | 'merchant_applications'
  | 'application_versions'
  | 'list_programs'
  | 'get_program'
  | 'ksic_search'
  | 'seoul_districts'
  | 'get_settings'
  | 'save_settings'
  | 'backup_now'
  | 'save_summary_pdf'
  | 'save_referral_slip'
  | 'period_results'
  | 'save_period_report'
  | 'program_history'
  | 'check_program'
  | 'create_program'
  | 'edit_program'
  | 'retire_program'
  | 'get_feed_settings'
  | 'import_bizinfo_body'
  | 'import_feed_url'
  | 'import_kstartup_body'
  | 'new_program_calls'
  | 'mark_calls_seen'
  | 'save_calls_csv'
  | 'session_state'
  | 'set_up_desk'
  | 'sign_in'
  | 'sign_out'
  | 'add_staff'
  | 'set_staff_pin'
  | 'disable_staff'
  | 'audit_log'
  | 'merchant_consents'
  | 'record_consent'
  | 'withdraw_consent'
  | 'export_merchant'
  | 'erase_merchant'
  | 'list_backups'
  | 'restore_backup'
  | 'sync_status'
  | 'sync_sign_in'
  | 'sync_now'
  | 'sync_conflicts'
  | 'resolve_conflict'
  | 'publish_catalogue'
  | 'sync_sign_out'
  | 'startup_probe';

/** Commands that change what the desk holds (and so, perhaps, what is waiting to sync). */
export const WRITES: ReadonlySet<Command> = new Set<Command>([
  'add_merchant',
  'update_merchant',
  'add_consultation',
  'update_consultation',
  'set_follow_up_done',
  'set_referral_status',
  'answer_referral',
  'save_partner',
  'retire_partner',
  'plan_visit',
  'update_visit',
  'record_visit',
  'add_application',
  'update_application',
  'adjust_duty',
  'set_duty_done',
  'create_program',
  'edit_program',
  'retire_program',
  'import_bizinfo_body',
  'import_feed_url',
  'import_kstartup_body',
  'record_consent',
  'withdraw_consent',
  'erase_merchant',
  'restore_backup',
  'resolve_conflict',
]);
