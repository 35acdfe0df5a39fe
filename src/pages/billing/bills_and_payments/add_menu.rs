//! The seed's "Add a payment method" drop-down on the Payment methods tab.

use leptos::prelude::*;

use crate::components::focus::focus_id;
use crate::i18n::*;

/// The seed's "Add a payment method" drop-down: a menu button whose menu holds "Add a payment
/// method". Enter, Space or ArrowDown opens it on its item; Escape closes it and returns to the
/// button; choosing the item closes the menu (focus back on the button) and opens the pane, so
/// the pane returns focus to the button when it closes.
#[component]
pub fn AddMenu(
    /// Runs when the menu's item is chosen.
    on_add: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let expanded = RwSignal::new(false);
    let button = NodeRef::<leptos::html::Button>::new();
    let open_menu = move || {
        expanded.set(true);
        request_animation_frame(|| focus_id("add-payment-method-item"));
    };
    let close_menu = move || {
        expanded.set(false);
        if let Some(button) = button.get_untracked() {
            let _ = button.focus();
        }
    };
    view! {
        <div class="menu-button">
            <button
                type="button"
                class="button primary"
                id="add-payment-method"
                node_ref=button
                aria-haspopup="menu"
                aria-expanded=move || expanded.get().to_string()
                aria-controls="add-payment-method-menu"
                on:click=move |_| if expanded.get_untracked() { close_menu() } else { open_menu() }
                on:keydown=move |ev| {
                    if matches!(ev.key().as_str(), "ArrowDown" | "ArrowUp") {
                        ev.prevent_default();
                        open_menu();
                    }
                }
            >
                {t!(i18n, bills_and_payments.add_payment_method)}
                <span aria-hidden="true">" ▾"</span>
            </button>
            <Show when=move || expanded.get()>
                <ul
                    class="menu"
                    role="menu"
                    id="add-payment-method-menu"
                    aria-labelledby="add-payment-method"
                    on:keydown=move |ev| match ev.key().as_str() {
                        "Escape" => {
                            ev.prevent_default();
                            close_menu();
                        }
                        "Tab" => expanded.set(false),
                        "ArrowDown" | "ArrowUp" | "Home" | "End" => ev.prevent_default(),
                        _ => {}
                    }
                >
                    <li role="none">
                        <button
                            type="button"
                            role="menuitem"
                            id="add-payment-method-item"
                            tabindex="-1"
                            on:click=move |_| {
                                close_menu();
                                on_add.run(());
                            }
                        >
                            {t!(i18n, bills_and_payments.add_payment_method)}
                        </button>
                    </li>
                </ul>
            </Show>
        </div>
    }
}
