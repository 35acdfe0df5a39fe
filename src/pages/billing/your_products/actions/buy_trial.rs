//! Buy subscription, for a trial: the shared Buy pane, buying this trial.

use leptos::prelude::*;
use portal_api::subscriptions::Subscription;

use crate::components::checkout::BuyPane;
use crate::i18n::*;

/// Buy subscription (a trial): the Purchase page's buy pane, buying this trial.
#[component]
pub fn BuyTrial(
    subscription: Subscription,
    on_done: Callback<(Subscription, String)>,
    on_close: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = subscription.product_name.clone();
    let bought = Callback::new(move |s: Subscription| {
        let message = t_string!(i18n, your_products.bought_message, product = name.clone()).to_string();
        on_done.run((s, message));
    });
    view! {
        <BuyPane
            product_id=subscription.product_id.clone()
            product_name=subscription.product_name.clone()
            max_licenses=subscription.max_licenses
            trial_subscription_id=Some(subscription.id.clone())
            initial_licenses=subscription.total_licenses
            billing_term=subscription.billing_term
            on_done=bought
            on_close
        />
    }
}
