//! `haru encrypt`, `haru decrypt`, `haru passphrase`, and where every command gets the secret
//! that unlocks an encrypted diary: `HARU_PASSPHRASE`, or a line of standard input with the
//! global `--passphrase-stdin` (`HARU_RECOVERY_KEY` instead unlocks with the recovery key).
//! With none of those and standard input a terminal, Haru asks for it with a hidden prompt on
//! the terminal (`rpassword`: echo off), so the passphrase need not go through the environment
//! or the shell's history; a new passphrase is asked twice. Standard input that is not a
//! terminal (scripts, tests) is never prompted: the command says what to set instead.

use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

use haru_core::{AppError, ErrorCode};
use haru_store::{KdfParams, Secret};
use zeroize::Zeroizing;

pub const PASSPHRASE_ENV: &str = "HARU_PASSPHRASE";
pub const NEW_PASSPHRASE_ENV: &str = "HARU_NEW_PASSPHRASE";
pub const RECOVERY_KEY_ENV: &str = "HARU_RECOVERY_KEY";

static FROM_STDIN: OnceLock<bool> = OnceLock::new();
/// Lines of standard input read so far (the passphrase, then a new one for `haru passphrase`).
static STDIN_LINES: Mutex<Vec<Zeroizing<String>>> = Mutex::new(Vec::new());

/// Called once from `main` with the global flag.
pub fn set_passphrase_stdin(enabled: bool) {
    let _ = FROM_STDIN.set(enabled);
}

fn stdin_line(index: usize) -> Result<Option<Zeroizing<String>>, AppError> {
    if !FROM_STDIN.get().copied().unwrap_or(false) {
        return Ok(None);
    }
    let mut lines = STDIN_LINES
        .lock()
        .map_err(|_| AppError::new(ErrorCode::Internal, "passphrase input unavailable"))?;
    let stdin = std::io::stdin();
    while lines.len() <= index {
        // Room reserved up front: a growing buffer would leave unwiped copies behind.
        let mut line = Zeroizing::new(String::with_capacity(4096));
        let read = stdin
            .lock()
            .read_line(&mut line)
            .map_err(|err| AppError::new(ErrorCode::Io, format!("standard input: {err}")))?;
        if read == 0 {
            return Ok(None);
        }
        let trimmed = Zeroizing::new(line.trim_end_matches(['\n', '\r']).to_owned());
        lines.push(trimmed);
    }
    Ok(Some(lines[index].clone()))
}

fn env_secret(name: &str) -> Option<Zeroizing<String>> {
    std::env::var(name)
        .ok()
        .filter(|v| !v.is_empty())
        .map(Zeroizing::new)
}

/// The passphrase given to this run, if any (standard input wins over the environment).
fn given_passphrase() -> Result<Option<Zeroizing<String>>, AppError> {
    Ok(stdin_line(0)?.or_else(|| env_secret(PASSPHRASE_ENV)))
}

/// Whether this run may ask on the terminal: standard input is one, and it is not where
/// `--passphrase-stdin` reads from.
fn can_prompt() -> bool {
    !FROM_STDIN.get().copied().unwrap_or(false) && std::io::stdin().is_terminal()
}

/// The passphrase typed at the prompt this run, kept so that it is asked once.
static PROMPTED: Mutex<Option<Zeroizing<String>>> = Mutex::new(None);

/// Asks on the terminal with echo off (`prompt` goes to the terminal, not standard output).
fn ask(prompt: &str) -> Result<Zeroizing<String>, AppError> {
    rpassword::prompt_password(prompt)
        .map(Zeroizing::new)
        .map_err(|err| AppError::new(ErrorCode::Io, format!("reading the passphrase: {err}")))
}

/// The passphrase: given (`--passphrase-stdin`, `HARU_PASSPHRASE`), else asked once on the
/// terminal when standard input is one; `None` otherwise.
pub fn passphrase() -> Result<Option<Zeroizing<String>>, AppError> {
    if let Some(given) = given_passphrase()? {
        return Ok(Some(given));
    }
    if !can_prompt() {
        return Ok(None);
    }
    let mut prompted = PROMPTED
        .lock()
        .map_err(|_| AppError::new(ErrorCode::Internal, "passphrase input unavailable"))?;
    if prompted.is_none() {
        *prompted = Some(ask(&format!(
            "haru: passphrase (or set {RECOVERY_KEY_ENV} to use the recovery key): "
        ))?);
    }
    Ok(prompted.clone())
}

/// What this run was given to unlock the diary, without asking: the passphrase, else
/// `HARU_RECOVERY_KEY`.
pub fn secret() -> Result<Option<Secret>, AppError> {
    if let Some(p) = given_passphrase()? {
        return Ok(Some(Secret::Passphrase(p)));
    }
    Ok(env_secret(RECOVERY_KEY_ENV).map(Secret::RecoveryKey))
}

/// What unlocks an encrypted diary: as [`secret`], else the passphrase asked on the terminal.
pub fn secret_or_prompt() -> Result<Option<Secret>, AppError> {
    if let Some(given) = secret()? {
        return Ok(Some(given));
    }
    Ok(passphrase()?.map(Secret::Passphrase))
}

/// A passphrase that will seal something (`what`): given, else asked twice on the terminal.
pub fn new_passphrase(
    what: &str,
    given: Option<Zeroizing<String>>,
    env: &str,
) -> Result<Zeroizing<String>, AppError> {
    if let Some(given) = given {
        return Ok(given);
    }
    if !can_prompt() {
        return Err(AppError::new(
            ErrorCode::InvalidInput,
            format!(
                "{what} needs a passphrase: set {env} or pipe it with --passphrase-stdin \
                 (in a terminal, Haru asks for it)"
            ),
        ));
    }
    let first = ask(&format!("haru: {what}: new passphrase: "))?;
    let again = ask("haru: the same passphrase again: ")?;
    if *first != *again {
        return Err(AppError::new(
            ErrorCode::InvalidInput,
            "the two passphrases differ; nothing was changed",
        ));
    }
    Ok(first)
}

fn required_passphrase(what: &str) -> Result<Zeroizing<String>, AppError> {
    new_passphrase(what, given_passphrase()?, PASSPHRASE_ENV)
}

fn required_secret() -> Result<Secret, AppError> {
    secret_or_prompt()?.ok_or_else(|| {
        AppError::new(
            ErrorCode::Locked,
            format!(
                "this diary is encrypted; unlock it with {PASSPHRASE_ENV}, --passphrase-stdin \
                 or {RECOVERY_KEY_ENV} (in a terminal, Haru asks for the passphrase)"
            ),
        )
    })
}

/// `haru export --format json --encrypt`'s passphrase: given, else asked twice.
pub fn export_passphrase() -> Result<Zeroizing<String>, AppError> {
    required_passphrase("--encrypt")
}

/// Refuses while the app has this diary open (it holds the app lock file): rewriting the
/// database under a running app would leave the app writing to the replaced file.
fn ensure_app_closed(dir: &std::path::Path) -> Result<(), AppError> {
    let path = dir.join(haru_store::paths::APP_LOCK_FILE);
    let Ok(file) = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&path)
    else {
        return Ok(()); // never opened by the app
    };
    match file.try_lock() {
        Err(std::fs::TryLockError::WouldBlock) => Err(AppError::new(
            haru_core::ErrorCode::InvalidInput,
            format!(
                "Haru is open on {}: close the app first, then run this again (nothing was changed)",
                dir.display()
            ),
        )),
        // Free (the lock goes with `file`), or locks unsupported here: nothing to wait for.
        _ => Ok(()),
    }
}

/// `haru encrypt`.
pub fn encrypt(data_dir: Option<PathBuf>) -> Result<(), AppError> {
    let dir = haru_store::paths::resolve_data_dir(data_dir)?;
    ensure_app_closed(&dir)?;
    let passphrase = required_passphrase("haru encrypt")?;
    let outcome = haru_portability::encrypt_folder(&dir, &passphrase, KdfParams::default())?;
    match outcome.recovery_key {
        Some(recovery) => {
            eprintln!(
                "haru: the diary in {} is now encrypted ({} backups re-encrypted).\n\
                 haru: below is your RECOVERY KEY. It is shown only this once. Write it down and \
                 keep it apart from this computer: if you forget the passphrase, it is the only \
                 way back in. Nobody, not even Haru's makers, can recover a diary without one \
                 of the two.",
                dir.display(),
                outcome.backups_rewritten
            );
            crate::output::say(&recovery)
        }
        None => {
            eprintln!(
                "haru: the diary was already encrypted; {} remaining backups were encrypted",
                outcome.backups_rewritten
            );
            Ok(())
        }
    }
}

/// `haru decrypt`.
pub fn decrypt(data_dir: Option<PathBuf>) -> Result<(), AppError> {
    let dir = haru_store::paths::resolve_data_dir(data_dir)?;
    ensure_app_closed(&dir)?;
    let secret = required_secret()?;
    let backups = haru_portability::decrypt_folder(&dir, &secret)?;
    eprintln!(
        "haru: the diary in {} is no longer encrypted ({backups} backups decrypted); anyone \
         with access to the folder can read it",
        dir.display()
    );
    Ok(())
}

/// `haru passphrase`: the current passphrase (or recovery key) and then the new one.
pub fn change(data_dir: Option<PathBuf>) -> Result<(), AppError> {
    let dir = haru_store::paths::resolve_data_dir(data_dir)?;
    let secret = required_secret()?;
    let new = new_passphrase(
        "haru passphrase",
        stdin_line(1)?.or_else(|| env_secret(NEW_PASSPHRASE_ENV)),
        &format!("{NEW_PASSPHRASE_ENV} (or give it as the second line with --passphrase-stdin)"),
    )?;
    haru_portability::change_passphrase(&dir, &secret, &new, KdfParams::default())?;
    eprintln!("haru: passphrase changed (the recovery key still works)");
    Ok(())
}
