//! One plain function per command that does more than call the store: the shell's IPC commands
//! and the CLI's subcommands call these, so both read the diary the same way.

pub mod diary;
pub mod emotions;
pub mod encryption;
pub mod insights;
pub mod portability;
pub mod recommend;
