//! Lowercase hexadecimal, the one spelling of bytes as text in Haru's files: key files and
//! SQLCipher key literals (`crypt`), search terms (`search`), and BLOBs in JSON exports
//! (`haru-portability`).

const DIGITS: &[u8; 16] = b"0123456789abcdef";

/// Appends `bytes` as lowercase hex without allocating (no per-byte strings left behind, which
/// matters for keys).
pub fn push(out: &mut String, bytes: &[u8]) {
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 0xf)] as char);
    }
}

/// `bytes` as lowercase hex.
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    push(&mut out, bytes);
    out
}

/// The bytes that `text` spells in hex (either case); `None` for an odd length or a character
/// that is not a hex digit.
pub fn decode(text: &str) -> Option<Vec<u8>> {
    // Hex digits only: `from_str_radix` alone would also take a sign ("+1").
    if !text.len().is_multiple_of(2) || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_what_is_not_hex() {
        let bytes = [0u8, 1, 0x7f, 0x80, 0xab, 0xff];
        assert_eq!(encode(&bytes), "00017f80abff");
        assert_eq!(decode("00017f80abff").unwrap(), bytes);
        assert_eq!(decode("00017F80ABFF").unwrap(), bytes);
        assert_eq!(decode("").unwrap(), Vec::<u8>::new());
        for bad in ["0", "0g", "+1", "é0"] {
            assert_eq!(decode(bad), None, "{bad}");
        }
    }
}
