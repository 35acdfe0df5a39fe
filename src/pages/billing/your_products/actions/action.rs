//! The actions a subscription offers, and the pane each one opens.

use leptos::prelude::*;
use portal_api::purchases::PriceLines;
use portal_api::subscriptions::{Subscription, SubscriptionStatus};

use super::buy_trial::BuyTrial;
use super::cancel_pane::CancelPane;
use super::licenses_pane::LicensesPane;
use super::reactivate_pane::ReactivatePane;
use crate::chunks::ChunkPart;
use crate::components::price_lines::PriceLinesView;
use crate::i18n::*;

type I18n = leptos_i18n::I18nContext<Locale>;

/// An action on a subscription.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Buy licenses: a higher total.
    BuyLicenses,
    /// Remove licenses: a lower total.
    RemoveLicenses,
    /// Buy a trial.
    BuySubscription,
    /// Cancel subscription.
    Cancel,
    /// Reactivate (canceled in its grace period) or turn recurring billing back on.
    Reactivate,
}

/// The actions a subscription offers the person, in menu order (none if they may not change
/// it, or an admin has taken control of it).
pub fn actions_for(s: &Subscription) -> Vec<Action> {
    if !s.can_change || s.managed_by_admin {
        return Vec::new();
    }
    let mut actions = Vec::new();
    match (s.status, s.is_trial) {
        (SubscriptionStatus::Active | SubscriptionStatus::RecurringBillingOff, false) => {
            actions.extend([Action::BuyLicenses, Action::RemoveLicenses]);
        }
        (SubscriptionStatus::Trial | SubscriptionStatus::Expired, true) => actions.push(Action::BuySubscription),
        _ => {}
    }
    let can_turn_back_on = !s.recurring_billing
        && (s.status == SubscriptionStatus::RecurringBillingOff
            || (s.status == SubscriptionStatus::Canceled && s.reactivate_until.is_some() && !s.is_trial));
    if can_turn_back_on {
        actions.push(Action::Reactivate);
    }
    // what still runs can be canceled: the same rule the server's cancellation checks
    if s.status.holds_licenses() {
        actions.push(Action::Cancel);
    }
    actions
}

/// The action's label, in the person's language.
pub fn action_label(i18n: I18n, action: Action) -> &'static str {
    match action {
        Action::BuyLicenses => t_string!(i18n, your_products.buy_licenses),
        Action::RemoveLicenses => t_string!(i18n, your_products.remove_licenses),
        Action::BuySubscription => t_string!(i18n, your_products.buy_subscription),
        Action::Cancel => t_string!(i18n, your_products.cancel_subscription),
        Action::Reactivate => t_string!(i18n, your_products.reactivate),
    }
}

/// The pane of the chosen action, if any. `on_done` gets the changed subscription and a
/// sentence saying what happened. The panes are their own chunk: most visits to Your products
/// open none, so their code (checkout, card form, price lines) is fetched when one opens.
#[component]
pub fn ActionPane(
    open: RwSignal<Option<(Action, Subscription)>>,
    on_done: Callback<(Subscription, String)>,
) -> impl IntoView {
    let close = Callback::new(move |()| open.set(None));
    let done = Callback::new(move |result: (Subscription, String)| {
        open.set(None);
        on_done.run(result);
    });
    move || open.get().map(|(action, s)| view! { <ChunkPart part=ACTION_PANES args=(action, s, done, close) /> })
}

/// What an action's pane opens with: the action, its subscription, and what to do when it is
/// done or closed.
type PaneArgs = (Action, Subscription, Callback<(Subscription, String)>, Callback<()>);

crate::part!(your_products_actions, ACTION_PANES, PaneArgs, |(action, s, done, close): PaneArgs| match action {
    Action::BuyLicenses | Action::RemoveLicenses => {
        view! { <LicensesPane subscription=s action on_done=done on_close=close /> }.into_any()
    }
    Action::Cancel => view! { <CancelPane subscription=s on_done=done on_close=close /> }.into_any(),
    Action::Reactivate => view! { <ReactivatePane subscription=s on_done=done on_close=close /> }.into_any(),
    Action::BuySubscription => view! { <BuyTrial subscription=s on_done=done on_close=close /> }.into_any(),
});

/// What a change charges or credits, in Your products' words ("Subtotal", "Total").
#[component]
pub fn ChangePriceLines(price: PriceLines) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PriceLinesView
            price
            subtotal=move || t_string!(i18n, your_products.subtotal)
            tax=move |rate: String| t_string!(i18n, your_products.tax, rate = rate).to_string()
            total=move || t_string!(i18n, your_products.total)
        />
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::billing::your_products::fixture::power_bi_pro;

    fn active(can_change: bool, managed_by_admin: bool) -> Subscription {
        Subscription { can_change, managed_by_admin, ..power_bi_pro() }
    }

    #[test]
    fn a_subscription_its_admin_took_control_of_offers_its_purchaser_nothing() {
        assert_eq!(actions_for(&active(true, false)), [Action::BuyLicenses, Action::RemoveLicenses, Action::Cancel]);
        assert_eq!(actions_for(&active(true, true)), []);
        assert_eq!(actions_for(&active(false, false)), []);
    }
}
