//! Unassign licenses: confirm in a dialog, then the selected people's licenses are released.

use leptos::prelude::*;
use portal_api::licenses::{LicenseChangeResult, UnassignRequest};

use crate::api;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::submit::use_submit;
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
    let request = StoredValue::new(request);
    let product_id = StoredValue::new(product_id);
    let unassign = use_submit(
        move |_key, ()| {
            let (id, request) = (product_id.get_value(), request.get_value());
            async move { api::licenses::unassign(&id, &request).await }
        },
        move |result: LicenseChangeResult| {
            let count = format::number(result.changed, i18n.get_locale());
            let text = t_string!(i18n, licenses.unassigned_done, count = count).to_string();
            on_done.run((result, text));
        },
    );
    view! {
        <ConfirmDialog
            id="unassign-dialog"
            title=move || t_string!(i18n, licenses.unassign_licenses)
            confirm_label=move || t_string!(i18n, licenses.unassign)
            cancel_label=move || t_string!(i18n, licenses.cancel)
            working_label=move || t_string!(i18n, shell.working)
            working=unassign.working
            on_confirm=Callback::new(move |()| unassign.run(()))
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
            {move || unassign.error.get().map(|text| view! { <p class="form-error" role="alert">{text}</p> })}
        </ConfirmDialog>
    }
}
