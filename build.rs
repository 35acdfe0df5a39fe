//! Generates the translation module from `locales/<language>/<area>.json` (leptos_i18n), and
//! fails the build when any language lacks a key English has, or has one English lacks:
//! leptos_i18n only warns about those, and a missing label must never reach a person.

use std::collections::BTreeSet;
use std::error::Error;
use std::path::{Path, PathBuf};

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};

/// The languages of the portal; English is the reference every other must match.
const LANGUAGES: [&str; 5] = ["en", "da", "de", "nl", "sv"];
/// One file per product area in each language folder.
const AREAS: [&str; 11] = [
    "shell",
    "sign_in",
    "errors",
    "your_products",
    "licenses",
    "bills_and_payments",
    "billing_accounts",
    "purchase",
    "help",
    "admin",
    "self_service",
];

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=locales");
    check_every_language_has_every_key(Path::new("locales"))?;

    // interpolate_display: `t_string!(i18n, errors.out_of_range, max = 20)` gives text to show.
    let mut config = Config::new(LANGUAGES[0])?.parse_options(ParseOptions::default().interpolate_display(true));
    for language in &LANGUAGES[1..] {
        config = config.add_locale(language)?;
    }
    for area in AREAS {
        config = config.add_namespace(area)?;
    }
    let translations = TranslationsInfos::parse(config)?;
    translations.emit_diagnostics();
    translations.rerun_if_locales_changed();
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?).join("i18n");
    translations.generate_i18n_module(out)?;
    Ok(())
}

fn check_every_language_has_every_key(locales: &Path) -> Result<(), Box<dyn Error>> {
    let mut problems = Vec::new();
    for area in AREAS {
        let reference = keys(&locales.join(LANGUAGES[0]).join(format!("{area}.json")))?;
        for language in &LANGUAGES[1..] {
            let path = locales.join(language).join(format!("{area}.json"));
            let found = keys(&path)?;
            for missing in reference.difference(&found) {
                problems.push(format!("{}: missing key {missing:?}", path.display()));
            }
            for extra in found.difference(&reference) {
                problems.push(format!("{}: key {extra:?} is not in English", path.display()));
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("translations out of step:\n  {}", problems.join("\n  ")).into())
    }
}

fn keys(path: &Path) -> Result<BTreeSet<String>, Box<dyn Error>> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut keys = BTreeSet::new();
    collect(&value, String::new(), &mut keys);
    Ok(keys)
}

fn collect(value: &serde_json::Value, prefix: String, keys: &mut BTreeSet<String>) {
    match value.as_object() {
        Some(object) => {
            for (key, child) in object {
                let path = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
                collect(child, path, keys);
            }
        }
        None => {
            keys.insert(prefix);
        }
    }
}
