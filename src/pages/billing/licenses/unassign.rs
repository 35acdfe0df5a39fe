//! Unassign licenses: confirm in a dialog, then the selected people's licenses are released.

use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_api::licenses::{LicenseChangeResult, UnassignRequest};

use crate::api;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::errors;
use crate::format;
use crate::i18n::*;

/// The confirmation for unassigning the selected people's licenses. `on_done` gets the result
/// and a sentence saying what happened.
#[component]
pub fn UnassignDialog(
    product_id: String,
    product_name: String,
    /// How many people are selected.
    count: i64,
    /// Who: people by id, or everyone matching a search.
    request: UnassignRequest,
    on_done: Callback<(LicenseChangeResult, String)>,
    on_close: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let working = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let request = StoredValue::new(request);
    let product_id = StoredValue::new(product_id);
    let confirm = Callback::new(move |_| {
        working.set(true);
        error.set(None);
        spawn_local(async move {
            let answer = api::licenses::unassign(&product_id.get_value(), &request.get_value()).await;
            working.set(false);
            match answer {
                Ok(result) => {
                    let text = t_string!(
                        i18n,
                        licenses.unassigned_done,
                        count = format::number(result.changed, i18n.get_locale())
                    )
                    .to_string();
                    on_done.run((result, text));
                }
                Err(failure) => error.set(Some(errors::describe(i18n, &failure))),
            }
        });
    });
    view! {
        <ConfirmDialog
            id="unassign-dialog"
            title=move || t_string!(i18n, licenses.unassign_licenses)
            confirm_label=move || t_string!(i18n, licenses.unassign)
            cancel_label=move || t_string!(i18n, licenses.cancel)
            working_label=move || t_string!(i18n, shell.working)
            working=working.into()
            on_confirm=confirm
            on_cancel=on_close
        >
            <p>
                {move || {
                    t_string!(
                        i18n, licenses.unassign_confirm, product = product_name.clone(), count = format::number(count, i18n.get_locale())
                    )
                        .to_string()
                }}
            </p>
            {move || error.get().map(|text| view! { <p class="form-error" role="alert">{text}</p> })}
        </ConfirmDialog>
    }
}
