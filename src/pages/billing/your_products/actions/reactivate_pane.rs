//! Reactivate: what it charges (or that it charges nothing), then Reactivate.

use leptos::prelude::*;
use portal_api::subscriptions::{ReactivationQuote, Subscription};

use super::super::change::{use_subscription_read, use_subscription_save};
use super::action::ChangePriceLines;
use crate::api;
use crate::components::loading::Loading;
use crate::components::pane::Pane;
use crate::components::submit::{PaneButtons, SubmitButton};
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
    let quote =
        use_subscription_read(&subscription, |id| async move { api::subscriptions::reactivation_quote(&id).await });
    let save = use_subscription_save(
        &subscription,
        |id, key, ()| async move { api::subscriptions::reactivate(&id, &key).await },
        move |changed: Subscription, name| {
            (changed, t_string!(i18n, your_products.reactivated_message, product = name).to_string())
        },
        on_done,
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
                                <PaneButtons error=save.error leave_label=move || t_string!(i18n, shell.close) on_leave=on_close>
                                    <SubmitButton
                                        label=move || t_string!(i18n, your_products.reactivate)
                                        working=save.working
                                        on_click=Callback::new(move |()| save.run(()))
                                    />
                                </PaneButtons>
                            }.into_any()
                        }
                        Err(failure) => view! { <p class="form-error" role="alert">{errors::describe(i18n, &failure)}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </Pane>
    }
}
