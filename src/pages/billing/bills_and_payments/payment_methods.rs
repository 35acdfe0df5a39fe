//! Bills & payments > Payment methods: the person's cards (brand, last 4, expiry, name, what
//! uses each; expired and soon-expiring ones marked); selecting one opens its details pane;
//! Add a payment method opens the seed's drop-down, whose one item opens the pane of that name.

use leptos::prelude::*;
use portal_api::payment_methods::{PaymentMethodDetails, PaymentMethodList};

use super::add_card::AddCardPane;
use super::add_menu::AddMenu;
use super::card_pane::{CardChange, CardPane, ExpiryTag, uses_text};
use super::{card_name, expiry_text};
use crate::api;
use crate::components::data_table::DataTable;
use crate::components::focus::focus_id;
use crate::components::loaded::Loaded;
use crate::components::status_line::StatusLine;
use crate::i18n::*;

/// Which pane is open.
#[derive(Debug, Clone, PartialEq)]
enum Open {
    Card(Box<PaymentMethodDetails>),
    Add,
}

/// The Payment methods tab.
#[component]
pub fn PaymentMethodsTab() -> impl IntoView {
    let i18n = use_i18n();
    let cards = LocalResource::new(api::payment_methods::list);
    view! {
        <section aria-labelledby="tab-heading">
            <h2 id="tab-heading" tabindex="-1">{t!(i18n, bills_and_payments.payment_methods)}</h2>
            <p class="intro">{t!(i18n, bills_and_payments.payment_methods_intro)}</p>
            <Loaded resource=cards let:list>
                <Cards list />
            </Loaded>
        </section>
    }
}

#[component]
fn Cards(list: PaymentMethodList) -> impl IntoView {
    let i18n = use_i18n();
    let all = RwSignal::new(list.payment_methods);
    let open = RwSignal::new(None::<Open>);
    let message = RwSignal::new(None::<String>);
    let close = Callback::new(move |_| open.set(None));
    let on_change = Callback::new(move |change: CardChange| match change {
        CardChange::Saved(saved) => {
            let text =
                t_string!(i18n, bills_and_payments.card_saved, card = card_name(i18n, saved.brand, &saved.last4));
            message.set(Some(text.to_string()));
            all.update(|cards| {
                if let Some(row) = cards.iter_mut().find(|c| c.id == saved.id) {
                    *row = saved;
                }
            });
        }
        CardChange::Removed(left) => {
            let gone = open.with_untracked(|o| match o {
                Some(Open::Card(card)) => card_name(i18n, card.brand, &card.last4),
                _ => String::new(),
            });
            message.set(Some(t_string!(i18n, bills_and_payments.card_removed, card = gone).to_string()));
            all.set(left.payment_methods);
            open.set(None);
            // The row that opened the pane is gone: start again at the tab's heading.
            request_animation_frame(|| focus_id("tab-heading"));
        }
    });
    let on_added = Callback::new(move |added: PaymentMethodDetails| {
        let text = t_string!(i18n, bills_and_payments.card_added, card = card_name(i18n, added.brand, &added.last4));
        message.set(Some(text.to_string()));
        all.update(|cards| cards.insert(0, added));
        open.set(None);
    });
    let head = move || {
        view! {
            <th scope="col">{t!(i18n, bills_and_payments.column_card)}</th>
            <th scope="col">{t!(i18n, bills_and_payments.column_expiry)}</th>
            <th scope="col">{t!(i18n, bills_and_payments.column_name)}</th>
            <th scope="col">{t!(i18n, bills_and_payments.column_used_by)}</th>
        }
    };
    view! {
        <StatusLine message=message />
        <div class="toolbar">
            <AddMenu on_add=Callback::new(move |_| open.set(Some(Open::Add))) />
        </div>
        <Show
            when=move || !all.with(Vec::is_empty)
            fallback=move || view! { <p class="empty-state">{t!(i18n, bills_and_payments.cards_empty)}</p> }
        >
            <DataTable caption=move || t_string!(i18n, bills_and_payments.payment_methods) head>
                <For each=move || all.get() key=|c| format!("{c:?}") let:card>
                    <CardRow card open />
                </For>
            </DataTable>
        </Show>
        {move || match open.get() {
            Some(Open::Card(card)) => view! { <CardPane card=*card on_change on_close=close /> }.into_any(),
            Some(Open::Add) => view! { <AddCardPane on_added on_close=close /> }.into_any(),
            None => ().into_any(),
        }}
    }
}

#[component]
fn CardRow(card: PaymentMethodDetails, open: RwSignal<Option<Open>>) -> impl IntoView {
    let i18n = use_i18n();
    let uses = uses_text(i18n, &card);
    let row_id = format!("card-row-{}", card.id);
    let (brand, last4) = (card.brand, card.last4.clone());
    let opened = card.clone();
    view! {
        <tr>
            <th scope="row">
                <button
                    type="button"
                    class="link-button"
                    id=row_id
                    aria-haspopup="dialog"
                    on:click=move |_| open.set(Some(Open::Card(Box::new(opened.clone()))))
                >
                    {move || card_name(i18n, brand, &last4)}
                </button>
            </th>
            <td>{expiry_text(card.expiry_month, card.expiry_year)} " " <ExpiryTag card=card.clone() /></td>
            <td>{card.name_on_card.clone()}</td>
            <td>
                {if uses.is_empty() {
                    view! { {t!(i18n, bills_and_payments.not_used)} }.into_any()
                } else {
                    view! { <ul class="plain">{uses.into_iter().map(|u| view! { <li>{u}</li> }).collect_view()}</ul> }.into_any()
                }}
            </td>
        </tr>
    }
}
