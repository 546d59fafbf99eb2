//! Haru's application layer, shared by the desktop shell and the CLI: the open diary
//! ([`Session`]: opening, unlocking and locking, restoring, the analysis worker), and one plain
//! function per command in [`commands`], over the Tauri-free core crates. The shell's IPC
//! commands are one-line adapters over these functions and the CLI calls the same ones, so the
//! two front ends cannot drift apart; tests call them on temporary diaries without a window.

pub mod commands;
pub mod host;
pub mod locking;
pub mod reminder;
pub mod session;

pub use session::Session;

/// What every command returns: errors carry a `{code, message}` the window can show.
pub type Result<T> = std::result::Result<T, haru_core::AppError>;
