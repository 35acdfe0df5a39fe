//! The language picker in the top bar.

use leptos::prelude::*;

use crate::i18n::*;
use crate::language::{self, LANGUAGES};
use leptos_i18n::Locale as _;

/// A labelled select listing every language in its own name; the pick is remembered.
#[component]
pub fn LanguagePicker() -> impl IntoView {
    let i18n = use_i18n();
    let on_change = move |event: leptos::ev::Event| {
        if let Some(locale) = language::from_tag(&event_target_value(&event)) {
            i18n.set_locale(locale);
            language::remember(locale);
        }
    };
    view! {
        <span class="language-picker">
            <label for="language-picker">{t!(i18n, shell.language)}</label>
            <select id="language-picker" on:change=on_change>
                {LANGUAGES
                    .into_iter()
                    .map(|(locale, name)| {
                        view! {
                            <option value=locale.as_str() lang=locale.as_str() selected=move || i18n.get_locale() == locale>
                                {name}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </span>
    }
}
