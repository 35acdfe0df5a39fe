//! The seed's "Add a payment method" drop-down on the Payment methods tab.

use leptos::prelude::*;

use crate::components::menu_button::{MenuAction, MenuButton};
use crate::i18n::*;

/// The seed's "Add a payment method" drop-down: a menu button whose menu holds "Add a payment
/// method". Choosing the item closes the menu (focus back on the button) and opens the pane, so
/// the pane returns focus to the button when it closes.
#[component]
pub fn AddMenu(
    /// Runs when the menu's item is chosen.
    on_add: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let words = Signal::derive(move || t_string!(i18n, bills_and_payments.add_payment_method));
    view! {
        <MenuButton
            id="add-payment-method-menu".to_owned()
            button_class="button primary"
            shows=ViewFn::from(move || view! { {move || words.get()} <span aria-hidden="true">" ▾"</span> })
            label=Signal::derive(move || words.get().to_owned())
            from_start=true
            actions=vec![MenuAction { label: words, run: on_add }]
        />
    }
}
