include!("commands_list.rs");

fn main() {
    // App commands get ACL permissions: the window may call only those its capability grants.
    let manifest = tauri_build::AppManifest::new().commands(COMMANDS);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest)).expect("tauri-build failed");
}
