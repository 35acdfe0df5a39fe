//! The confirmation before Self-service settings are saved: every change it makes, and that
//! changes apply to new purchases and trials only (existing subscriptions are untouched).

use leptos::prelude::*;
use portal_api::self_service::{PolicyChange, PolicyList};

use super::self_service::policy_label;
use crate::api;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::submit::use_submit;
use crate::i18n::*;

/// Lists the changes and saves them (`PUT /api/self-service/policies`) on Save. Render it only
/// while it is open: each opening is one save, with its own Idempotency-Key.
#[component]
pub fn ConfirmPolicies(
    /// What Save sends.
    change: PolicyChange,
    /// The settings as saved, for "from → to".
    saved: PolicyList,
    /// Runs with the settings as the server now has them.
    on_saved: Callback<PolicyList>,
    /// Closes the dialog without saving (the choices stay on the page).
    on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let save = use_submit(
        move |key, change: PolicyChange| async move { api::self_service::change(&key, &change).await },
        move |list| on_saved.run(list),
    );
    let lines = {
        let change = change.clone();
        move || {
            let mut lines = Vec::new();
            if let Some(to) = change.default_policy {
                lines.push(
                    t_string!(
                        i18n,
                        self_service.confirm_default,
                        from = policy_label(i18n, saved.default_policy),
                        to = policy_label(i18n, to)
                    )
                    .to_string(),
                );
            }
            for product in &change.products {
                let Some(before) = saved.products.iter().find(|p| p.product_id == product.product_id) else { continue };
                lines.push(
                    t_string!(
                        i18n,
                        self_service.confirm_change,
                        product = before.product_name.clone(),
                        from = policy_label(i18n, before.policy),
                        to = policy_label(i18n, product.policy)
                    )
                    .to_string(),
                );
            }
            lines.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()
        }
    };
    let change = StoredValue::new(change);
    view! {
        <ConfirmDialog
            id="confirm-policies"
            title=move || t_string!(i18n, self_service.confirm_title)
            confirm_label=move || t_string!(i18n, self_service.save)
            cancel_label=move || t_string!(i18n, self_service.cancel)
            working=save.working
            working_label=move || t_string!(i18n, shell.working)
            on_confirm=Callback::new(move |()| save.run(change.get_value()))
            on_cancel
        >
            <p>{t!(i18n, self_service.confirm_intro)}</p>
            <ul class="change-list">{lines}</ul>
            <p><strong>{t!(i18n, self_service.applies_note)}</strong></p>
            {move || save.error.get().map(|text| view! { <p class="form-error" role="alert">{text}</p> })}
        </ConfirmDialog>
    }
}
