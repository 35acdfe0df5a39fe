//! A labelled text input that shows its own error and wires it up for assistive technology,
//! and the two helpers a form uses to give each field its own error.

use leptos::html::Input;
use leptos::prelude::*;
use leptos::text_prop::TextProp;
use portal_api::ApiError;

use crate::errors;
use crate::i18n::*;

/// A text field: its label, the input, and, when there is one, the problem with what was
/// typed, announced through `aria-invalid` and `aria-describedby`. What the person typed stays.
#[component]
pub fn TextField(
    /// The input's id; the error's id is derived from it.
    id: &'static str,
    /// The visible label.
    #[prop(into)]
    label: TextProp,
    /// What the person typed.
    value: RwSignal<String>,
    /// The problem with the value, in the person's language, or `None`.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// Runs when the person edits the value (e.g. to clear a stale error).
    #[prop(optional)]
    on_edit: Option<Callback<()>>,
    /// The input's type: `text`, `email`, `password`, `number`…
    #[prop(default = "text")]
    input_type: &'static str,
    /// The browser's autofill hint.
    #[prop(optional)]
    autocomplete: Option<&'static str>,
    /// A handle on the input, to move focus to it.
    #[prop(optional)]
    input_ref: Option<NodeRef<Input>>,
) -> impl IntoView {
    let input_ref = input_ref.unwrap_or_default();
    let error_id = format!("{id}-error");
    let described_by = error_id.clone();
    view! {
        <div class="field">
            <label for=id>{move || label.get()}</label>
            <input
                id=id
                name=id
                type=input_type
                autocomplete=autocomplete
                node_ref=input_ref
                prop:value=value
                on:input=move |ev| {
                    value.set(event_target_value(&ev));
                    if let Some(on_edit) = on_edit {
                        on_edit.run(());
                    }
                }
                aria-invalid=move || error.get().map(|_| "true")
                aria-describedby=move || error.get().map(|_| described_by.clone())
            />
            {move || error.get().map(|text| view! { <p id=error_id.clone() class="field-error">{text}</p> })}
        </div>
    }
}

/// The sentence for `error` when it is about `field` (a form keeps one error for its fields).
pub fn field_error(
    i18n: leptos_i18n::I18nContext<Locale>,
    error: RwSignal<Option<ApiError>>,
    field: &'static str,
) -> Signal<Option<String>> {
    Signal::derive(move || {
        error.with(|e| e.as_ref().filter(|e| e.field.as_deref() == Some(field)).map(|e| errors::describe(i18n, e)))
    })
}

/// Clears `error` when it is about `field` (the person is editing it); another field's stays.
pub fn clear_field_error(error: RwSignal<Option<ApiError>>, field: &'static str) -> Callback<()> {
    Callback::new(move |_| {
        if error.with_untracked(|e| e.as_ref().is_some_and(|e| e.field.as_deref() == Some(field))) {
            error.set(None);
        }
    })
}
