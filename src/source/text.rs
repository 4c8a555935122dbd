//! Bytes → text for single cable files: is it text at all, and which
//! encoding. The parser gets a `&str`; everything about bytes stops here.

/// Why a byte sample is not text, as a phrase for an error message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotText {
    /// A NUL byte: no text file of ours contains one.
    NulBytes,
    /// Too many control bytes (and, for non-UTF-8 data, C1 bytes).
    MostlyNonText,
}

impl NotText {
    pub fn phrase(self) -> &'static str {
        match self {
            NotText::NulBytes => "it contains NUL bytes",
            NotText::MostlyNonText => "it is mostly non-text bytes",
        }
    }
}

/// More than this share of suspicious bytes makes a sample binary. Random
/// bytes score about 25 % (C0 and C1 controls); text, in any of the
/// encodings we accept, scores close to 0 %.
const MAX_SUSPICIOUS_PERCENT: usize = 10;

/// Checks whether `bytes` look like text. `Ok(())` for text (also for an
/// empty slice: emptiness is the caller's separate error).
pub fn check_text(bytes: &[u8]) -> Result<(), NotText> {
    if memchr::memchr(0, bytes).is_some() {
        return Err(NotText::NulBytes);
    }
    let utf8 = is_mostly_utf8(bytes);
    let suspicious = bytes
        .iter()
        .filter(|&&b| is_c0_control(b) || (!utf8 && (0x80..0xA0).contains(&b)))
        .count();
    if suspicious * 100 > bytes.len() * MAX_SUSPICIOUS_PERCENT {
        return Err(NotText::MostlyNonText);
    }
    Ok(())
}

/// A control byte that text files do not contain (tab, line feed, form
/// feed, carriage return and escape are allowed).
fn is_c0_control(b: u8) -> bool {
    (b < 0x20 && !matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | 0x1B)) || b == 0x7F
}

/// True when the bytes are UTF-8 apart from a sequence cut off at the end
/// (a sample taken from the head of a longer file).
fn is_mostly_utf8(bytes: &[u8]) -> bool {
    match std::str::from_utf8(bytes) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none(),
    }
}

/// Decodes a text file: UTF-8 (a leading byte-order mark removed), lossily
/// when a few sequences are broken; a file with no valid multi-byte UTF-8
/// sequence at all but with high bytes is read as Windows-1252, the usual
/// "Latin-1" of files saved on Windows.
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(bytes) {
        return s.to_owned();
    }
    if has_utf8_multibyte(bytes) {
        String::from_utf8_lossy(bytes).into_owned()
    } else {
        bytes.iter().map(|&b| windows_1252(b)).collect()
    }
}

/// Whether the bytes hold at least one well-formed multi-byte UTF-8 sequence.
fn has_utf8_multibyte(mut bytes: &[u8]) -> bool {
    loop {
        match std::str::from_utf8(bytes) {
            Ok(s) => return !s.is_ascii(),
            Err(e) => {
                let valid = e.valid_up_to();
                // `valid_up_to` bytes are valid UTF-8; a non-ASCII byte among
                // them belongs to a complete multi-byte sequence.
                if !bytes[..valid].is_ascii() {
                    return true;
                }
                let skip = valid + e.error_len().unwrap_or(bytes.len() - valid);
                bytes = &bytes[skip..];
            }
        }
    }
}

/// Windows-1252 to Unicode. The five undefined bytes map to the C1 code
/// point of the same value, as the WHATWG encoding standard does.
fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '\u{20AC}', '\u{81}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}',
        '\u{2021}', '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{8D}',
        '\u{017D}', '\u{8F}', '\u{90}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}',
        '\u{2013}', '\u{2014}', '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}',
        '\u{9D}', '\u{017E}', '\u{0178}',
    ];
    match b {
        0x80..=0x9F => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_ascii_cable_text_is_text() {
        assert_eq!(
            check_text(b"CONFIDENTIAL FICTIONIA 000101\r\n\tTAGS: PREL\n"),
            Ok(())
        );
    }

    #[test]
    fn a_nul_byte_makes_data_binary() {
        assert_eq!(check_text(b"SUBJECT: X\0Y"), Err(NotText::NulBytes));
    }

    #[test]
    fn control_byte_soup_is_binary() {
        let junk: Vec<u8> = (1u8..=255).cycle().take(4096).collect();
        assert_eq!(check_text(&junk), Err(NotText::MostlyNonText));
    }

    #[test]
    fn latin1_text_is_text() {
        assert_eq!(
            check_text(b"Bogot\xE1, se\xF1or, caf\xE9 \x93quoted\x94\n"),
            Ok(())
        );
    }

    #[test]
    fn utf8_cut_at_the_sample_end_is_still_text() {
        let s = "¶1. (C) Caf".as_bytes();
        let mut sample = s.to_vec();
        sample.extend_from_slice(&"é".as_bytes()[..1]);
        assert_eq!(check_text(&sample), Ok(()));
    }

    #[test]
    fn decode_keeps_utf8_and_drops_the_bom() {
        assert_eq!(decode("\u{FEFF}¶1. “quoted”".as_bytes()), "¶1. “quoted”");
    }

    #[test]
    fn decode_reads_non_utf8_as_windows_1252() {
        assert_eq!(decode(b"Bogot\xE1 \x93hi\x94"), "Bogotá “hi”");
    }

    #[test]
    fn decode_replaces_a_stray_byte_in_utf8_text() {
        let mut bytes = "Caf\u{e9} ".as_bytes().to_vec();
        bytes.push(0xFF);
        assert_eq!(decode(&bytes), "Café \u{FFFD}");
    }
}
