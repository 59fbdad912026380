// Generated from onestop_core::profile::PERSONAL_FIELDS by src-tauri/bindings.rs. Do not edit.

/** Fields about the representative (personal information): storing them needs a signed consent. */
export const PERSONAL_FIELDS = ['owner_name', 'phone', 'owner_birth_date'] as const;
