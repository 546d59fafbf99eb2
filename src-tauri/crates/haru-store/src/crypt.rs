//! Encryption at rest: the database key, the key file that keeps it, and sealing blobs under
//! a passphrase (encrypted exports).
//!
//! An encrypted diary is a SQLCipher database keyed with a random 256-bit key (`PRAGMA key`
//! with the raw key, so SQLCipher's own PBKDF2 is skipped and opening costs what a plain open
//! costs). That key never leaves memory in the clear; the key file `haru.key` beside the
//! database holds it twice, each copy sealed with XChaCha20-Poly1305:
//!
//! * under a key derived from the passphrase with Argon2id (memory-hard: guessing passphrases
//!   from a stolen laptop costs 64 MiB and ~0.1–0.3 s per guess);
//! * under a random recovery key shown once when encryption is turned on.
//!
//! The same bytes are also kept as `haru.key.copy` and beside every encrypted backup, so losing
//! `haru.key` loses nothing (see `key_copies`).
//!
//! Changing the passphrase rewrites only the key file and its copies (nothing is re-encrypted). A wrong
//! passphrase fails the AEAD tag check before anything is opened, so it can never damage the
//! diary. Losing both the passphrase and the recovery key loses the diary: there is no back door.

use std::path::{Path, PathBuf};

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::XChaCha20Poly1305;
use zeroize::{Zeroize, Zeroizing};

use crate::StoreError;

/// The key file's name in the data folder.
pub const KEY_FILE_NAME: &str = "haru.key";
const KEY_FILE_FORMAT: &str = "haru-key";
const KEY_FILE_VERSION: u32 = 1;
/// Magic bytes of a sealed (passphrase-encrypted) blob, e.g. an encrypted export.
pub const SEALED_MAGIC: &[u8; 8] = b"HARUENC1";

/// Argon2id cost. The defaults follow RFC 9106's second recommendation (64 MiB, 3 passes),
/// with one lane: the app may share two cores with everything else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KdfParams {
    pub memory_kib: u32,
    pub iterations: u32,
    pub lanes: u32,
}

impl Default for KdfParams {
    fn default() -> Self {
        // Tests may make derivation cheap in debug builds only: HARU_TEST_FAST_KDF=1.
        if cfg!(debug_assertions)
            && std::env::var_os("HARU_TEST_FAST_KDF").is_some_and(|v| v == "1")
        {
            return KdfParams::FAST_FOR_TESTS;
        }
        KdfParams {
            memory_kib: 64 * 1024,
            iterations: 3,
            lanes: 1,
        }
    }
}

impl KdfParams {
    /// Cheap parameters for tests only (never written by a normal run).
    pub const FAST_FOR_TESTS: KdfParams = KdfParams {
        memory_kib: 256,
        iterations: 1,
        lanes: 1,
    };

    /// Whether these are parameters Haru could have written, so worth deriving with. They
    /// are read from `haru.key` and from a sealed export's header: a damaged or hostile file
    /// must not make Haru allocate gigabytes (an abort) or loop for hours (a hang). The
    /// bounds leave 16 times the default memory and a few times its passes.
    pub fn is_reasonable(&self) -> bool {
        (1..=8).contains(&self.lanes)
            && (1..=10).contains(&self.iterations)
            && (8 * self.lanes..=1024 * 1024).contains(&self.memory_kib)
    }
}

/// The 256-bit database key, wiped from memory when dropped.
#[derive(Clone)]
pub struct DbKey(Zeroizing<[u8; 32]>);

impl std::fmt::Debug for DbKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DbKey(..)")
    }
}

impl DbKey {
    pub fn random() -> Result<DbKey, StoreError> {
        Ok(DbKey(Zeroizing::new(random_bytes()?)))
    }

    /// The value for `PRAGMA key` / `ATTACH … KEY`: SQLCipher's raw-key syntax `x'…'`. Built in
    /// place in a buffer of its final size: no intermediate string, and no outgrown buffer,
    /// holds the key unwiped.
    pub(crate) fn sql_literal(&self) -> Zeroizing<String> {
        let mut out = Zeroizing::new(String::with_capacity(SQL_LITERAL_LEN));
        out.push_str("\"x'");
        crate::hex::push(&mut out, self.0.as_ref());
        out.push_str("'\"");
        out
    }
}

/// The recovery key: 32 random bytes shown as 16 groups of 4 hex digits.
pub struct RecoveryKey(Zeroizing<[u8; 32]>);

impl RecoveryKey {
    /// How it is shown to the user (once).
    pub fn display(&self) -> String {
        let digits = Zeroizing::new(crate::hex::encode(self.0.as_ref()));
        let mut out = String::with_capacity(digits.len() + digits.len() / 4);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && i % 4 == 0 {
                out.push('-');
            }
            out.push(c);
        }
        out
    }

    /// Reads a recovery key as typed: hex digits, any dashes and spaces ignored.
    pub fn parse(text: &str) -> Option<RecoveryKey> {
        let digits: Zeroizing<String> = Zeroizing::new(
            text.chars()
                .filter(|c| !c.is_whitespace() && *c != '-')
                .collect(),
        );
        let bytes = Zeroizing::new(crate::hex::decode(&digits)?);
        let array: [u8; 32] = bytes.as_slice().try_into().ok()?;
        Some(RecoveryKey(Zeroizing::new(array)))
    }
}

/// What unlocks a diary.
#[derive(Clone)]
pub enum Secret {
    Passphrase(Zeroizing<String>),
    RecoveryKey(Zeroizing<String>),
}

impl Secret {
    pub fn passphrase(text: impl Into<String>) -> Secret {
        Secret::Passphrase(Zeroizing::new(text.into()))
    }
    pub fn recovery_key(text: impl Into<String>) -> Secret {
        Secret::RecoveryKey(Zeroizing::new(text.into()))
    }
}

/// One sealed copy of the database key.
#[derive(Debug, Clone)]
struct Wrapped {
    nonce: [u8; 24],
    ciphertext: Vec<u8>,
}

/// `haru.key`: the database key sealed under the passphrase and under the recovery key.
#[derive(Debug, Clone)]
pub struct KeyFile {
    kdf: KdfParams,
    salt: [u8; 16],
    passphrase: Wrapped,
    recovery: Wrapped,
}

impl KeyFile {
    /// Path of the key file for the diary in `data_dir`.
    pub fn path_in(data_dir: &Path) -> PathBuf {
        data_dir.join(KEY_FILE_NAME)
    }

    /// A new key file for `key`, with a new recovery key (returned: show it once).
    pub fn create(
        key: &DbKey,
        passphrase: &str,
        kdf: KdfParams,
    ) -> Result<(KeyFile, RecoveryKey), StoreError> {
        check_passphrase(passphrase)?;
        let recovery = RecoveryKey(Zeroizing::new(random_bytes()?));
        let salt: [u8; 16] = random_bytes()?;
        let wrapping = derive(passphrase, &salt, kdf)?;
        let file = KeyFile {
            kdf,
            salt,
            passphrase: wrap(&wrapping, key, b"haru.key passphrase")?,
            recovery: wrap(&recovery.0, key, b"haru.key recovery")?,
        };
        Ok((file, recovery))
    }

    /// The database key, or `WrongPassphrase` (nothing else is touched).
    pub fn unlock(&self, secret: &Secret, data_dir: &Path) -> Result<DbKey, StoreError> {
        let opened = match secret {
            Secret::Passphrase(text) => {
                let wrapping = derive(text, &self.salt, self.kdf)?;
                unwrap(&wrapping, &self.passphrase, b"haru.key passphrase")
            }
            Secret::RecoveryKey(text) => RecoveryKey::parse(text)
                .and_then(|rk| unwrap(&rk.0, &self.recovery, b"haru.key recovery")),
        };
        opened.ok_or_else(|| StoreError::WrongPassphrase {
            data_dir: data_dir.to_path_buf(),
            recovery: matches!(secret, Secret::RecoveryKey(_)),
        })
    }

    /// The same key file with the passphrase copy replaced (the recovery copy is kept).
    pub fn with_passphrase(
        &self,
        key: &DbKey,
        passphrase: &str,
        kdf: KdfParams,
    ) -> Result<KeyFile, StoreError> {
        check_passphrase(passphrase)?;
        let salt: [u8; 16] = random_bytes()?;
        let wrapping = derive(passphrase, &salt, kdf)?;
        Ok(KeyFile {
            kdf,
            salt,
            passphrase: wrap(&wrapping, key, b"haru.key passphrase")?,
            recovery: self.recovery.clone(),
        })
    }

    /// Reads `haru.key` from `data_dir`; `None` when there is none.
    pub fn read(data_dir: &Path) -> Result<Option<KeyFile>, StoreError> {
        KeyFile::read_file(&KeyFile::path_in(data_dir))
    }

    /// Reads a key file (`haru.key` or one of its copies, see `key_copies`) at `path`; `None`
    /// when there is none, `Corrupt` when it cannot be parsed.
    pub fn read_file(path: &Path) -> Result<Option<KeyFile>, StoreError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => {
                return Err(StoreError::Io {
                    path: path.to_path_buf(),
                    source,
                })
            }
        };
        KeyFile::parse(&text)
            .map(Some)
            .ok_or_else(|| StoreError::Corrupt {
                path: path.to_path_buf(),
                detail: "the key file is damaged; without it an encrypted diary cannot be opened \
                     (restore haru.key from a copy)"
                    .into(),
            })
    }

    /// Whether `other` seals the same database key: every copy of one key file shares its
    /// recovery-key seal (a passphrase change keeps it), a key file of another key never does.
    pub fn same_key_as(&self, other: &KeyFile) -> bool {
        self.recovery.nonce == other.recovery.nonce
            && self.recovery.ciphertext == other.recovery.ciphertext
    }

    /// Writes `haru.key` in `data_dir`, and its copy `haru.key.copy` first (see `key_copies`):
    /// each whole or not at all.
    pub fn write(&self, data_dir: &Path) -> Result<(), StoreError> {
        self.write_file(&crate::key_copies::data_copy_path(data_dir))?;
        self.write_file(&KeyFile::path_in(data_dir))
    }

    /// Writes the key file to `path` whole or not at all (temporary file, fsync, rename),
    /// private (0600).
    pub fn write_file(&self, path: &Path) -> Result<(), StoreError> {
        use std::io::Write;
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let partial = dir.join(format!(".{name}.{}.partial", std::process::id()));
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| StoreError::Io { path, source }
        };
        let result = (|| {
            let mut file = crate::private::create_file(&partial).map_err(io(&partial))?;
            file.write_all(self.to_text().as_bytes())
                .and_then(|()| file.sync_all())
                .map_err(io(&partial))?;
            std::fs::rename(&partial, path).map_err(io(path))?;
            if let Ok(dir) = std::fs::File::open(dir) {
                let _ = dir.sync_all();
            }
            Ok(())
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&partial);
        }
        result
    }

    /// A small line-based text format (no JSON dependency in the store):
    /// `key value` per line, binary values in hex.
    fn to_text(&self) -> String {
        format!(
            "format {KEY_FILE_FORMAT}\nversion {KEY_FILE_VERSION}\ncipher xchacha20poly1305\n\
             kdf argon2id\nkdf_memory_kib {}\nkdf_iterations {}\nkdf_lanes {}\nsalt {}\n\
             passphrase_nonce {}\npassphrase_key {}\nrecovery_nonce {}\nrecovery_key {}\n",
            self.kdf.memory_kib,
            self.kdf.iterations,
            self.kdf.lanes,
            crate::hex::encode(&self.salt),
            crate::hex::encode(&self.passphrase.nonce),
            crate::hex::encode(&self.passphrase.ciphertext),
            crate::hex::encode(&self.recovery.nonce),
            crate::hex::encode(&self.recovery.ciphertext),
        )
    }

    fn parse(text: &str) -> Option<KeyFile> {
        let field = |name: &str| {
            text.lines()
                .filter_map(|line| line.split_once(' '))
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.trim())
        };
        if field("format")? != KEY_FILE_FORMAT
            || field("version")?.parse::<u32>().ok()? != KEY_FILE_VERSION
            || field("cipher")? != "xchacha20poly1305"
            || field("kdf")? != "argon2id"
        {
            return None;
        }
        let num = |name: &str| field(name)?.parse::<u32>().ok();
        let bytes = |name: &str| crate::hex::decode(field(name)?);
        let wrapped = |prefix: &str| -> Option<Wrapped> {
            Some(Wrapped {
                nonce: bytes(&format!("{prefix}_nonce"))?.try_into().ok()?,
                ciphertext: bytes(&format!("{prefix}_key"))?,
            })
        };
        let kdf = KdfParams {
            memory_kib: num("kdf_memory_kib")?,
            iterations: num("kdf_iterations")?,
            lanes: num("kdf_lanes")?,
        };
        if !kdf.is_reasonable() {
            return None;
        }
        Some(KeyFile {
            kdf,
            salt: bytes("salt")?.try_into().ok()?,
            passphrase: wrapped("passphrase")?,
            recovery: wrapped("recovery")?,
        })
    }
}

fn check_passphrase(passphrase: &str) -> Result<(), StoreError> {
    if passphrase.chars().count() < 8 {
        return Err(StoreError::InvalidInput(haru_core::AppError::new(
            haru_core::ErrorCode::InvalidInput,
            "a passphrase needs at least 8 characters (a few unrelated words are best)",
        )));
    }
    Ok(())
}

fn derive(
    passphrase: &str,
    salt: &[u8],
    kdf: KdfParams,
) -> Result<Zeroizing<[u8; 32]>, StoreError> {
    let params = argon2::Params::new(kdf.memory_kib, kdf.iterations, kdf.lanes, Some(32))
        .map_err(|err| internal(format!("key derivation parameters: {err}")))?;
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut out = Zeroizing::new([0u8; 32]);
    argon
        .hash_password_into(passphrase.as_bytes(), salt, out.as_mut())
        .map_err(|err| internal(format!("key derivation: {err}")))?;
    Ok(out)
}

fn wrap(wrapping: &[u8; 32], key: &DbKey, aad: &[u8]) -> Result<Wrapped, StoreError> {
    let nonce: [u8; 24] = random_bytes()?;
    let cipher = XChaCha20Poly1305::new(wrapping.into());
    let ciphertext = cipher
        .encrypt(
            (&nonce).into(),
            Payload {
                msg: key.0.as_ref(),
                aad,
            },
        )
        .map_err(|_| internal("sealing the key failed".into()))?;
    Ok(Wrapped { nonce, ciphertext })
}

fn unwrap(wrapping: &[u8; 32], wrapped: &Wrapped, aad: &[u8]) -> Option<DbKey> {
    let cipher = XChaCha20Poly1305::new(wrapping.into());
    let mut plain = cipher
        .decrypt(
            (&wrapped.nonce).into(),
            Payload {
                msg: &wrapped.ciphertext,
                aad,
            },
        )
        .ok()?;
    let key: Option<[u8; 32]> = plain.as_slice().try_into().ok();
    plain.zeroize();
    key.map(|k| DbKey(Zeroizing::new(k)))
}

/// `PRAGMA key = "x'…'";` for `key`, in a wiped buffer of its final size.
pub(crate) fn pragma_key_statement(key: &DbKey) -> Zeroizing<String> {
    const HEAD: &str = "PRAGMA key = ";
    let literal = key.sql_literal();
    let mut sql = Zeroizing::new(String::with_capacity(HEAD.len() + literal.len() + 1));
    sql.push_str(HEAD);
    sql.push_str(&literal);
    sql.push(';');
    sql
}

/// Magic of a file sealed under the database key itself ([`seal_with_key`]).
pub const KEYED_MAGIC: &[u8; 8] = b"HARUKEY1";

/// Seals `plain` under the diary's database key (XChaCha20-Poly1305; layout: magic (8), nonce
/// (24), ciphertext+tag, the magic authenticated too): for files that are not databases but
/// hold diary text, such as a damaged database set aside. Whatever unlocks the diary (the
/// passphrase, the recovery key) opens them, also after a passphrase change.
pub fn seal_with_key(plain: &[u8], key: &DbKey) -> Result<Vec<u8>, StoreError> {
    let nonce: [u8; 24] = random_bytes()?;
    let cipher = XChaCha20Poly1305::new(key.0.as_ref().into());
    let sealed = cipher
        .encrypt(
            (&nonce).into(),
            Payload {
                msg: plain,
                aad: KEYED_MAGIC,
            },
        )
        .map_err(|_| internal("encryption failed".into()))?;
    let mut out = Vec::with_capacity(sealed.len() + 32);
    out.extend_from_slice(KEYED_MAGIC);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&sealed);
    Ok(out)
}

/// Opens what [`seal_with_key`] sealed; `None` for another key or a damaged file.
pub fn open_with_key(bytes: &[u8], key: &DbKey) -> Option<Zeroizing<Vec<u8>>> {
    let rest = bytes.strip_prefix(KEYED_MAGIC.as_slice())?;
    if rest.len() < 24 + 16 {
        return None;
    }
    let (nonce, body) = rest.split_at(24);
    let nonce: [u8; 24] = nonce.try_into().ok()?;
    XChaCha20Poly1305::new(key.0.as_ref().into())
        .decrypt(
            (&nonce).into(),
            Payload {
                msg: body,
                aad: KEYED_MAGIC,
            },
        )
        .ok()
        .map(Zeroizing::new)
}

/// Seals `plain` under `passphrase` (Argon2id + XChaCha20-Poly1305). Layout: magic (8), KDF
/// memory KiB, iterations, lanes (u32 LE each), salt (16), nonce (24), ciphertext+tag; the
/// header is authenticated too.
pub fn seal(plain: &[u8], passphrase: &str, kdf: KdfParams) -> Result<Vec<u8>, StoreError> {
    check_passphrase(passphrase)?;
    let salt: [u8; 16] = random_bytes()?;
    let nonce: [u8; 24] = random_bytes()?;
    let mut out = Vec::with_capacity(plain.len() + 80);
    out.extend_from_slice(SEALED_MAGIC);
    for n in [kdf.memory_kib, kdf.iterations, kdf.lanes] {
        out.extend_from_slice(&n.to_le_bytes());
    }
    out.extend_from_slice(&salt);
    out.extend_from_slice(&nonce);
    let key = derive(passphrase, &salt, kdf)?;
    let cipher = XChaCha20Poly1305::new(key.as_ref().into());
    let sealed = cipher
        .encrypt(
            (&nonce).into(),
            Payload {
                msg: plain,
                aad: &out,
            },
        )
        .map_err(|_| internal("encryption failed".into()))?;
    out.extend_from_slice(&sealed);
    Ok(out)
}

/// Whether `bytes` start like a sealed blob.
pub fn is_sealed(bytes: &[u8]) -> bool {
    bytes.starts_with(SEALED_MAGIC)
}

const SEALED_HEADER: usize = 8 + 12 + 16 + 24;

/// Opens a blob written by [`seal`]; `None` when the passphrase is wrong or the blob damaged.
pub fn open_sealed(bytes: &[u8], passphrase: &str) -> Option<Zeroizing<Vec<u8>>> {
    if !is_sealed(bytes) || bytes.len() < SEALED_HEADER + 16 {
        return None;
    }
    let (header, body) = bytes.split_at(SEALED_HEADER);
    let u32_at = |i: usize| u32::from_le_bytes(header[i..i + 4].try_into().unwrap_or_default());
    let kdf = KdfParams {
        memory_kib: u32_at(8),
        iterations: u32_at(12),
        lanes: u32_at(16),
    };
    if !kdf.is_reasonable() {
        return None;
    }
    let salt = &header[20..36];
    let nonce: [u8; 24] = header[36..60].try_into().ok()?;
    let key = derive(passphrase, salt, kdf).ok()?;
    let cipher = XChaCha20Poly1305::new(key.as_ref().into());
    cipher
        .decrypt(
            (&nonce).into(),
            Payload {
                msg: body,
                aad: header,
            },
        )
        .ok()
        .map(Zeroizing::new)
}

fn random_bytes<const N: usize>() -> Result<[u8; N], StoreError> {
    let mut out = [0u8; N];
    getrandom::fill(&mut out)
        .map_err(|err| internal(format!("the system's random generator failed: {err}")))?;
    Ok(out)
}

fn internal(message: String) -> StoreError {
    StoreError::InvalidInput(haru_core::AppError::new(
        haru_core::ErrorCode::Internal,
        message,
    ))
}

/// `"x'` + 64 hex digits + `'"`.
const SQL_LITERAL_LEN: usize = 3 + 64 + 2;

#[cfg(test)]
mod tests {
    use super::*;

    /// The key's SQL literal is the only text form of the database key: written into one
    /// buffer of its final size (never reallocated, so no unwiped copy is left behind) and
    /// wiped on drop (`Zeroizing`).
    #[test]
    fn the_key_literal_is_built_in_one_buffer_of_its_final_size() {
        let key = DbKey(Zeroizing::new([0xa5; 32]));
        let literal = key.sql_literal();
        assert_eq!(literal.as_str(), format!("\"x'{}'\"", "a5".repeat(32)));
        assert_eq!(literal.len(), SQL_LITERAL_LEN);
        assert_eq!(literal.capacity(), SQL_LITERAL_LEN, "no buffer outgrown");
        let statement = pragma_key_statement(&key);
        assert_eq!(statement.capacity(), statement.len(), "no buffer outgrown");
        assert!(statement.starts_with("PRAGMA key = \"x'a5a5"));
    }

    #[test]
    fn key_file_round_trips_and_refuses_wrong_secrets() {
        let dir = tempfile::tempdir().unwrap();
        let key = DbKey::random().unwrap();
        let (file, recovery) =
            KeyFile::create(&key, "correct horse", KdfParams::FAST_FOR_TESTS).unwrap();
        file.write(dir.path()).unwrap();
        let file = KeyFile::read(dir.path()).unwrap().unwrap();
        let by_pass = file
            .unlock(&Secret::passphrase("correct horse"), dir.path())
            .unwrap();
        assert_eq!(by_pass.0.as_ref(), key.0.as_ref());
        let by_recovery = file
            .unlock(&Secret::recovery_key(recovery.display()), dir.path())
            .unwrap();
        assert_eq!(by_recovery.0.as_ref(), key.0.as_ref());
        assert!(matches!(
            file.unlock(&Secret::passphrase("wrong horse"), dir.path()),
            Err(StoreError::WrongPassphrase { .. })
        ));
        let changed = file
            .with_passphrase(&key, "battery staple", KdfParams::FAST_FOR_TESTS)
            .unwrap();
        assert!(changed
            .unlock(&Secret::passphrase("correct horse"), dir.path())
            .is_err());
        assert!(changed
            .unlock(&Secret::recovery_key(recovery.display()), dir.path())
            .is_ok());
    }

    #[test]
    fn hostile_key_derivation_costs_are_refused_before_deriving() {
        let dir = tempfile::tempdir().unwrap();
        let key = DbKey::random().unwrap();
        let (file, _) = KeyFile::create(&key, "correct horse", KdfParams::FAST_FOR_TESTS).unwrap();
        file.write(dir.path()).unwrap();
        let good = std::fs::read_to_string(KeyFile::path_in(dir.path())).unwrap();
        // Each would abort (4 TiB of memory) or hang (billions of passes) if derived.
        for (field, value) in [
            ("kdf_memory_kib", "4294967295"),
            ("kdf_iterations", "4294967295"),
            ("kdf_lanes", "16777215"),
            ("kdf_memory_kib", "0"),
            ("kdf_iterations", "0"),
        ] {
            let hostile: String = good
                .lines()
                .map(|line| match line.split_once(' ') {
                    Some((k, _)) if k == field => format!("{k} {value}\n"),
                    _ => format!("{line}\n"),
                })
                .collect();
            std::fs::write(KeyFile::path_in(dir.path()), hostile).unwrap();
            let err = KeyFile::read(dir.path()).expect_err(field);
            assert!(matches!(err, StoreError::Corrupt { .. }), "{field}: {err}");
        }
        // A sealed export's header likewise.
        let mut sealed = seal(b"secret diary", "long enough", KdfParams::FAST_FOR_TESTS).unwrap();
        sealed[8..12].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(open_sealed(&sealed, "long enough").is_none());
        sealed[8..12].copy_from_slice(&(2 * 1024 * 1024u32).to_le_bytes());
        assert!(open_sealed(&sealed, "long enough").is_none());
        assert!(KdfParams::default().is_reasonable());
        assert!(KdfParams::FAST_FOR_TESTS.is_reasonable());
    }

    #[test]
    fn sealed_blobs_need_the_passphrase() {
        let sealed = seal(b"secret diary", "long enough", KdfParams::FAST_FOR_TESTS).unwrap();
        assert!(is_sealed(&sealed));
        assert_eq!(
            open_sealed(&sealed, "long enough").unwrap().as_slice(),
            b"secret diary"
        );
        assert!(open_sealed(&sealed, "long enougH").is_none());
        let mut flipped = sealed.clone();
        *flipped.last_mut().unwrap() ^= 1;
        assert!(open_sealed(&flipped, "long enough").is_none());
        assert!(seal(b"x", "short", KdfParams::FAST_FOR_TESTS).is_err());
    }
}
