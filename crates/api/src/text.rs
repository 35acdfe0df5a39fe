//! Free text as people type it: the one rule every free-text field is checked by (names,
//! addresses, feedback), ISO 3166 country codes, and folding names for search, so "soren"
//! finds "Søren" and "jurgen" finds "Jürgen".

use crate::error::{ApiError, ErrorCode};

/// Why a free-text value was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextError {
    /// Nothing is left once the spacing around it is trimmed.
    Empty,
    /// More characters than allowed are left.
    TooLong,
    /// It holds a control or format character (NUL, a zero-width space, a right-to-left
    /// override, …): something a person cannot see or did not mean to type.
    NotText,
}

/// The one rule for free text: trims the ordinary spacing (and other Unicode white space)
/// around it, refuses control and format characters other than space, tab and line breaks,
/// and counts the characters that remain against `max_chars`. Returns the trimmed text, which
/// is what is stored.
pub fn clean(value: &str, max_chars: usize) -> Result<&str, TextError> {
    let trimmed = value.trim();
    let chars: Vec<char> = trimmed.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let joins_letters = || {
            // ZWNJ and ZWJ shape Persian, Indic and emoji sequences: allowed between two visible characters
            let visible = |c: Option<&char>| c.is_some_and(|c| !c.is_whitespace() && !is_invisible(*c));
            visible(i.checked_sub(1).and_then(|p| chars.get(p))) && visible(chars.get(i + 1))
        };
        if is_invisible(c) && !(matches!(c, '\u{200C}' | '\u{200D}') && joins_letters()) {
            return Err(TextError::NotText);
        }
    }
    if chars.is_empty() {
        return Err(TextError::Empty);
    }
    if chars.len() > max_chars {
        return Err(TextError::TooLong);
    }
    Ok(trimmed)
}

/// Control and format characters, line and paragraph separators and non-characters: all that
/// free text may not hold, except space, tab, CR and LF.
fn is_invisible(c: char) -> bool {
    if matches!(c, '\t' | '\n' | '\r') {
        return false;
    }
    c.is_control()
        || matches!(c as u32,
            0x00AD | 0x0600..=0x0605 | 0x061C | 0x06DD | 0x070F | 0x0890..=0x0891 | 0x08E2 | 0x180E
            | 0x200B..=0x200F | 0x2028..=0x202E | 0x2060..=0x2064 | 0x2066..=0x206F | 0xFEFF
            | 0xFFF9..=0xFFFB | 0xFFFE..=0xFFFF | 0x110BD | 0x110CD | 0x13430..=0x1343F
            | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A | 0xE0001 | 0xE0020..=0xE007F)
}

/// `clean` for a field that must be filled in, as the API's error naming `field`.
pub fn required(value: &str, field: &str, max_chars: usize) -> Result<(), ApiError> {
    clean(value, max_chars).map(|_| ()).map_err(|error| text_error(error, field))
}

/// `clean` for a field that may be left empty (`None` or only spacing).
pub fn optional(value: Option<&str>, field: &str, max_chars: usize) -> Result<(), ApiError> {
    match value.map(|v| clean(v, max_chars)) {
        None | Some(Ok(_) | Err(TextError::Empty)) => Ok(()),
        Some(Err(error)) => Err(text_error(error, field)),
    }
}

/// The API's error for a refused text field.
pub fn text_error(error: TextError, field: &str) -> ApiError {
    match error {
        TextError::Empty => ApiError::field(ErrorCode::Required, field, "This is required."),
        TextError::TooLong => ApiError::field(ErrorCode::TooLong, field, "This is too long."),
        TextError::NotText => ApiError::field(
            ErrorCode::InvalidText,
            field,
            "This holds characters that cannot be used here (control or invisible formatting characters).",
        ),
    }
}

/// The ISO 3166-1 alpha-2 codes of every country and territory, sorted.
pub const COUNTRY_CODES: [&str; 249] = [
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ", "BA", "BB", "BD",
    "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS", "BT", "BV", "BW", "BY", "BZ", "CA",
    "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN", "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE",
    "DJ", "DK", "DM", "DO", "DZ", "EC", "EE", "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA",
    "GB", "GD", "GE", "GF", "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK",
    "HM", "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM", "JO", "JP",
    "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC", "LI", "LK", "LR", "LS", "LT",
    "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK", "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS",
    "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA", "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ",
    "OM", "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS",
    "RU", "RW", "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS", "ST",
    "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO", "TR", "TT", "TV", "TW",
    "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI", "VN", "VU", "WF", "WS", "YE", "YT", "ZA",
    "ZM", "ZW",
];

/// Whether a code is an ISO 3166-1 alpha-2 country code (upper case, as stored).
pub fn is_country_code(code: &str) -> bool {
    COUNTRY_CODES.binary_search(&code).is_ok()
}

/// Lower-cases and folds letters with diacritics to plain ASCII ("Søren Groß" → "soren gross").
/// Characters without a known folding are kept as they are, lower-cased.
pub fn fold_for_search(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => folded.push('a'),
            'æ' => folded.push_str("ae"),
            'ç' | 'č' | 'ć' => folded.push('c'),
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' => folded.push('e'),
            'ì' | 'í' | 'î' | 'ï' => folded.push('i'),
            'ñ' | 'ń' => folded.push('n'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => folded.push('o'),
            'œ' => folded.push_str("oe"),
            'ß' => folded.push_str("ss"),
            'š' | 'ś' => folded.push('s'),
            'ù' | 'ú' | 'û' | 'ü' | 'ū' => folded.push('u'),
            'ý' | 'ÿ' => folded.push('y'),
            'ž' | 'ź' | 'ż' => folded.push('z'),
            'ł' => folded.push('l'),
            'đ' | 'ð' => folded.push('d'),
            'þ' => folded.push_str("th"),
            other => folded.push(other),
        }
    }
    folded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed_and_counted_after_trimming() {
        assert_eq!(clean("  Megan Bowen \n", 20), Ok("Megan Bowen"));
        assert_eq!(clean(&format!(" {} ", "é".repeat(5)), 5), Ok("ééééé"));
        assert_eq!(clean(&"é".repeat(6), 5), Err(TextError::TooLong));
        assert_eq!(clean("   ", 5), Err(TextError::Empty));
        assert_eq!(clean("\u{00A0}\u{3000}", 5), Err(TextError::Empty), "other white space is trimmed too");
        assert_eq!(clean("Line one\nline two\ttab", 50), Ok("Line one\nline two\ttab"));
    }

    #[test]
    fn invisible_and_control_characters_are_refused() {
        for bad in [
            "\u{200B}",
            "\u{200B}\u{200B}",
            "\0",
            "Megan\u{0}",
            "\u{202E}nagem",
            "Me\u{2066}gan",
            "a\u{FEFF}b",
            "\u{1B}[31m",
            "x\u{2028}y",
            "\u{E0041}",
            "a\u{AD}b",
        ] {
            assert_eq!(clean(bad, 50), Err(TextError::NotText), "{bad:?}");
        }
        let error = required("\u{200B}", "name_on_card", 50).expect_err("refused");
        assert_eq!((error.code, error.field.as_deref()), (ErrorCode::InvalidText, Some("name_on_card")));
    }

    #[test]
    fn joiners_are_text_between_letters_only() {
        assert!(clean("می\u{200C}خواهم", 50).is_ok(), "Persian with a zero-width non-joiner");
        assert!(clean("👩\u{200D}💻", 50).is_ok(), "an emoji sequence");
        assert_eq!(clean("\u{200D}", 50), Err(TextError::NotText));
        assert_eq!(clean("a \u{200C}b", 50), Err(TextError::NotText));
    }

    #[test]
    fn names_of_the_world_are_text() {
        for name in
            ["Søren Ørsted", "Jürgen Groß", "Łukasz Żółć", "李小龍", "Zoë O'Brien-Smith", "Ана Петровић", "محمد"]
        {
            assert_eq!(clean(name, 50), Ok(name));
        }
    }

    #[test]
    fn country_codes_are_iso_3166() {
        assert!(COUNTRY_CODES.windows(2).all(|w| w[0] < w[1]), "sorted, no repeats");
        for code in ["NL", "DE", "DK", "SE", "GB", "US", "AX"] {
            assert!(is_country_code(code), "{code}");
        }
        for code in ["ZZ", "XK", "UK", "EU", "nl", "N", "NLD", ""] {
            assert!(!is_country_code(code), "{code}");
        }
    }

    #[test]
    fn folds_the_names_the_directory_meets() {
        assert_eq!(fold_for_search("Søren Ørsted"), "soren orsted");
        assert_eq!(fold_for_search("Jürgen Groß"), "jurgen gross");
        assert_eq!(fold_for_search("Åsa Öberg"), "asa oberg");
        assert_eq!(fold_for_search("Maarten de Vries"), "maarten de vries");
        assert_eq!(fold_for_search("Æble"), "aeble");
    }
}
