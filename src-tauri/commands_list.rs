// Every IPC command, declared once, in the order the capability in tauri.conf.json grants them.
// Each line is `read name` or `write name`: `write` when a successful call changes the desk's
// records (merchants, consultations, consents, programs), and so perhaps what waits to sync; the
// window refreshes its sync status after one. Settings, staff, signing in, sync itself and the
// files written beside the data (backups, reports, exports) count as `read` here.
//
// The file is `include!`d where a `commands!` macro is defined, which expands it:
// - `build.rs`: an `allow-…` permission for each name (a command not granted to the window's
//   capability cannot be called);
// - `commands.rs`: the IPC handler (`generate_handler!`) and `COMMANDS`, from which
//   `bindings.rs` writes `ui/src/bindings/Commands.ts` (the `Command` names and the `WRITES`
//   set that `ui/src/lib/api.ts` uses) and the security tests check the capability.
//
// To add a command: one line here, and its one-line adapter over its core function in
// commands.rs (a `fn` of the same name with the `tauri::command` attribute; a test checks both
// list the same commands in the same order). Then grant it on purpose in the capability in
// tauri.conf.json (`allow-` and the name with hyphens; a test checks it grants exactly this
// list), regenerate the bindings (`ONESTOP_WRITE_BINDINGS=1 cargo test --lib bindings`) and give
// it its typed wrapper in ui/src/lib/api.ts.
commands! {
    read app_info,
    read today,
    read search,
    read check_profile,
    read likely_duplicates,
    write add_merchant,
    write update_merchant,
    read get_merchant,
    read list_merchants,
    read match_merchant,
    read explain_match,
    write add_consultation,
    write update_consultation,
    read get_consultation,
    read merchant_consultations,
    read consultation_versions,
    write set_follow_up_done,
    write set_referral_status,
    write answer_referral,
    read list_partners,
    write save_partner,
    write retire_partner,
    write plan_visit,
    write update_visit,
    read visits_between,
    write record_visit,
    write add_application,
    write update_application,
    write adjust_duty,
    write set_duty_done,
    read merchant_applications,
    read application_versions,
    read list_programs,
    read get_program,
    read ksic_search,
    read seoul_districts,
    read get_settings,
    read save_settings,
    read backup_now,
    read save_summary_pdf,
    read save_referral_slip,
    read period_results,
    read save_period_report,
    read program_history,
    read check_program,
    write create_program,
    write edit_program,
    write retire_program,
    read get_feed_settings,
    write import_bizinfo_body,
    write import_feed_url,
    write import_kstartup_body,
    read new_program_calls,
    read mark_calls_seen,
    read save_calls_csv,
    read session_state,
    read set_up_desk,
    read sign_in,
    read sign_out,
    read add_staff,
    read set_staff_pin,
    read disable_staff,
    read audit_log,
    read merchant_consents,
    write record_consent,
    write withdraw_consent,
    read export_merchant,
    write erase_merchant,
    read list_backups,
    write restore_backup,
    read sync_status,
    read sync_sign_in,
    read sync_now,
    read sync_conflicts,
    write resolve_conflict,
    read publish_catalogue,
    read sync_sign_out,
    read startup_probe,
}
