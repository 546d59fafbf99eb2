//! Haru's data portability: backups and restore, lossless export and import, and importers
//! for other diaries, and turning encryption at rest on and off for a whole data folder.
//!
//! Everything works on an open [`haru_store::Store`] (its SQLite connection), never by
//! re-opening or copying the database file by path, so a passphrase-keyed connection
//! (SQLCipher) can be passed in later unchanged. Files are written whole or not at all
//! (temporary file, fsync, rename), and the diary itself only ever changes inside a SQLite
//! transaction. Tauri-free: the CLI and the app call the same functions.

mod backup;
mod dayone;
mod db;
mod encryption;
mod error;
mod export;
mod import;

pub use backup::{
    auto_backup, backup_now, backups_dir, backups_dir_of, list_backups, restore, restore_in,
    rotate, take_backup, verify_backup, BackupKind, BACKUP_DIR, DEFAULT_KEEP, KEEP_PREFERENCE,
};
pub use dayone::{
    read_day_one, read_day_one_in, read_day_one_zip, EntryZone, LocalZone, ZipLimits,
    MAX_ZIP_MEMBERS,
};
pub use encryption::{change_passphrase, decrypt_folder, encrypt_folder, EncryptOutcome};
pub use error::PortabilityError;
// Export and import have `*_with_progress` variants taking `progress(done, total)`, called
// with entries done of `total` (from `(0, total)`, rising to `(total, total)`), for a window to
// show how far long work has come; the plain functions report nothing.
pub use export::{
    emotions_csv, emotions_csv_with_progress, export_json, export_json_encrypted_to,
    export_json_encrypted_to_with_progress, export_json_to, export_json_to_with_progress,
    export_json_with_progress, export_markdown, export_markdown_with_progress, export_to,
    export_to_with_progress, FORMAT, FORMAT_VERSION,
};
pub use import::{
    detect, import_file, import_file_opts, import_file_with, import_file_with_progress,
    import_foreign, import_foreign_with_progress, import_haru, import_haru_with_progress,
    is_encrypted_export, load_export, load_export_with_progress, parse_haru_export, parse_json,
    read_jrnl, read_jrnl_in, ForeignEntries, ForeignEntry, HaruExport, ImportFormat, ImportOptions,
    MAX_IMPORT_BYTES,
};
