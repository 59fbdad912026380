/// The command names of `commands_list.rs`, in order (whether one writes matters only to the app).
macro_rules! commands {
    ($($kind:ident $name:ident),* $(,)?) => {
        const COMMANDS: &[&str] = &[$(stringify!($name)),*];
    };
}
include!("commands_list.rs");

fn main() {
    // App commands get ACL permissions: the window may call only those its capability grants.
    let manifest = tauri_build::AppManifest::new().commands(COMMANDS);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest)).expect("tauri-build failed");
}
