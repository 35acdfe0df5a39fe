//! Where the actions are offered: a row's More actions menu, and buttons on the details page.

use leptos::prelude::*;
use portal_api::subscriptions::Subscription;

use super::action::{Action, action_label, actions_for};
use crate::components::menu_button::{MenuAction, MenuButton};
use crate::i18n::*;

/// A subscription's More actions (three dots) menu; choosing an action sets `open`.
#[component]
pub fn SubscriptionMenu(subscription: Subscription, open: RwSignal<Option<(Action, Subscription)>>) -> impl IntoView {
    let i18n = use_i18n();
    let actions = actions_for(&subscription);
    let name = subscription.product_name.clone();
    let id = format!("actions-{}", subscription.id);
    let items = actions
        .into_iter()
        .map(|action| {
            let s = subscription.clone();
            MenuAction {
                label: Signal::derive(move || action_label(i18n, action)),
                run: Callback::new(move |_| open.set(Some((action, s.clone())))),
            }
        })
        .collect::<Vec<_>>();
    (!items.is_empty()).then(|| {
        view! {
            <MenuButton
                id
                button_class="icon-button"
                shows=ViewFn::from(|| view! { <span aria-hidden="true">"⋯"</span> })
                label=Signal::derive(move || t_string!(i18n, your_products.more_actions_for, product = name.clone()).to_string())
                actions=items
            />
        }
    })
}

/// Buttons for the actions, for the details page (where there is room for them).
#[component]
pub fn ActionButtons(subscription: Subscription, open: RwSignal<Option<(Action, Subscription)>>) -> impl IntoView {
    let i18n = use_i18n();
    actions_for(&subscription)
        .into_iter()
        .map(|action| {
            let s = subscription.clone();
            view! {
                <button
                    type="button"
                    class="button"
                    id=format!("action-{action:?}").to_lowercase()
                    on:click=move |_| open.set(Some((action, s.clone())))
                >
                    {move || action_label(i18n, action)}
                </button>
            }
        })
        .collect_view()
}
