//! Which language the portal speaks: the person's pick (remembered in this browser), else the
//! browser's languages, else English.

use crate::i18n::Locale;
use leptos_i18n::Locale as _;

/// Where the person's pick is remembered.
pub const STORAGE_KEY: &str = "portal.language";

/// The languages, each named in itself so everyone finds their own.
pub const LANGUAGES: [(Locale, &str); 5] = [
    (Locale::en, "English"),
    (Locale::da, "Dansk"),
    (Locale::de, "Deutsch"),
    (Locale::nl, "Nederlands"),
    (Locale::sv, "Svenska"),
];

/// The language for a tag such as `da`, `de-AT` or `sv_SE`, if the portal speaks it.
pub fn from_tag(tag: &str) -> Option<Locale> {
    let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
    LANGUAGES.iter().map(|(locale, _)| *locale).find(|locale| locale.as_str() == primary)
}

/// The language to use: the remembered pick, else the first browser language we speak, else English.
pub fn choose(remembered: Option<&str>, browser: &[String]) -> Locale {
    remembered.and_then(from_tag).or_else(|| browser.iter().find_map(|tag| from_tag(tag))).unwrap_or(Locale::en)
}

/// The remembered pick, from localStorage.
pub fn remembered() -> Option<String> {
    storage()?.get_item(STORAGE_KEY).ok().flatten()
}

/// Remembers the person's pick in localStorage.
pub fn remember(locale: Locale) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(STORAGE_KEY, locale.as_str());
    }
}

/// The browser's preferred languages, most preferred first.
pub fn browser_languages() -> Vec<String> {
    web_sys::window()
        .map(|w| w.navigator().languages().iter().filter_map(|v| v.as_string()).collect())
        .unwrap_or_default()
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_persons_pick_comes_first() {
        assert_eq!(choose(Some("sv"), &tags(&["de-DE", "en"])), Locale::sv);
    }

    #[test]
    fn then_the_first_browser_language_the_portal_speaks() {
        assert_eq!(choose(None, &tags(&["fr-FR", "nl-BE", "de"])), Locale::nl);
        assert_eq!(choose(Some("xx"), &tags(&["da_DK"])), Locale::da);
    }

    #[test]
    fn else_english() {
        assert_eq!(choose(None, &tags(&["fr", "ja"])), Locale::en);
        assert_eq!(choose(None, &[]), Locale::en);
    }
}
