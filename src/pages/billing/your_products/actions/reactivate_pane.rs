//! Reactivate: what it charges (or that it charges nothing), then Reactivate.

use leptos::prelude::*;
use portal_api::subscriptions::{ReactivationQuote, Subscription};

use super::action::ChangePriceLines;
use crate::api;
use crate::components::loading::Loading;
use crate::components::pane::Pane;
use crate::components::submit::{SubmitButton, use_submit};
use crate::errors;
use crate::format;
use crate::i18n::*;

/// Reactivate: what it charges (or that it charges nothing), then Reactivate.
#[component]
pub fn ReactivatePane(
    subscription: Subscription,
    on_done: Callback<(Subscription, String)>,
    on_close: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let s = StoredValue::new(subscription.clone());
    let id = subscription.id.clone();
    let quote = LocalResource::new(move || {
        let id = id.clone();
        async move { api::subscriptions::reactivation_quote(&id).await }
    });
    let save = use_submit(
        move |key, ()| {
            let id = s.with_value(|s| s.id.clone());
            async move { api::subscriptions::reactivate(&id, &key).await }
        },
        move |changed: Subscription| {
            let name = s.with_value(|s| s.product_name.clone());
            let message = t_string!(i18n, your_products.reactivated_message, product = name).to_string();
            on_done.run((changed, message));
        },
    );
    view! {
        <Pane title=move || t_string!(i18n, your_products.reactivate) id="reactivate-pane" on_close>
            <p><strong>{subscription.product_name.clone()}</strong></p>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match quote.await {
                        Ok(ReactivationQuote { price, term_end_date }) => {
                            let charged = price.total.amount_minor > 0;
                            let date = move || format::date(&term_end_date, i18n.get_locale());
                            view! {
                                <p>
                                    {move || if charged {
                                        t_string!(i18n, your_products.reactivate_detail, date = date()).to_string()
                                    } else {
                                        t_string!(i18n, your_products.recurring_on_detail, date = date()).to_string()
                                    }}
                                </p>
                                {charged.then(|| view! { <ChangePriceLines price=price.clone() /> })}
                                {move || save.error.get().map(|text| view! { <p class="form-error" role="alert">{text}</p> })}
                                <div class="pane-actions">
                                    <SubmitButton
                                        label=move || t_string!(i18n, your_products.reactivate)
                                        working=save.working
                                        on_click=Callback::new(move |()| save.run(()))
                                    />
                                    <button type="button" class="button" on:click=move |_| on_close.run(())>{t!(i18n, shell.close)}</button>
                                </div>
                            }.into_any()
                        }
                        Err(failure) => view! { <p class="form-error" role="alert">{errors::describe(i18n, &failure)}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </Pane>
    }
}
