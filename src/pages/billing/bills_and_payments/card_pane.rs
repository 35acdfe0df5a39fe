//! A saved card's right-hand details pane: brand, last 4, expiry, name, address and what uses
//! it; Edit (the form replaces the details, and Save or Cancel brings them back); Remove, after
//! a confirmation, for a card nothing uses.

use leptos::prelude::*;
use portal_api::payment_methods::{CardUseKind, PaymentMethodDetails, PaymentMethodList};

use super::edit_card::EditCardForm;
use super::{I18n, card_name, expiry_text};
use crate::api;
use crate::components::focus::focus_id;
use crate::components::pane::Pane;
use crate::components::submit::use_submit;
use crate::i18n::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Details,
    Edit,
    ConfirmRemove,
}

/// What the pane did, for the list behind it.
#[derive(Debug, Clone)]
pub enum CardChange {
    /// The card was saved as this.
    Saved(PaymentMethodDetails),
    /// The card was removed; these are the cards left.
    Removed(PaymentMethodList),
}

fn focus_soon(id: &'static str) {
    request_animation_frame(move || focus_id(id));
}

/// "Billing profile: Contoso Ltd. – Netherlands" for each use.
pub fn uses_text(i18n: I18n, card: &PaymentMethodDetails) -> Vec<String> {
    card.used_by
        .iter()
        .map(|u| match u.kind {
            CardUseKind::BillingProfile => {
                t_string!(i18n, bills_and_payments.used_by_profile, name = u.name.clone()).to_string()
            }
            CardUseKind::Subscription => {
                t_string!(i18n, bills_and_payments.used_by_subscription, name = u.name.clone()).to_string()
            }
        })
        .collect()
}

/// The pane for one card. Render it inside `<Show>`.
#[component]
pub fn CardPane(
    /// The card.
    card: PaymentMethodDetails,
    /// Runs after a change (the pane stays open after Save, closes after Remove).
    on_change: Callback<CardChange>,
    /// Closes the pane.
    on_close: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let current = RwSignal::new(card);
    let mode = RwSignal::new(Mode::Details);
    let saved_note = RwSignal::new(false);
    let name = move || current.with(|c| card_name(i18n, c.brand, &c.last4));
    let title = move || match mode.get() {
        Mode::Edit => t_string!(i18n, bills_and_payments.edit_title, card = name()).to_string(),
        Mode::Details | Mode::ConfirmRemove => name(),
    };
    let on_saved = Callback::new(move |saved: PaymentMethodDetails| {
        current.set(saved.clone());
        saved_note.set(true);
        mode.set(Mode::Details);
        on_change.run(CardChange::Saved(saved));
        focus_soon("card-edit");
    });
    let on_cancel = Callback::new(move |_| {
        mode.set(Mode::Details);
        focus_soon("card-edit");
    });
    let remove = use_submit(
        move |key, id: String| async move { api::payment_methods::remove(&id, &key).await },
        move |left| on_change.run(CardChange::Removed(left)),
    )
    .route_failures(move |failure| {
        // e.g. the card came into use meanwhile: back to the details, which say why
        mode.set(Mode::Details);
        Some(failure)
    });

    let details = move || {
        let card = current.get();
        let in_use = !card.used_by.is_empty();
        let can_change = card.can_change;
        view! {
            {move || saved_note.get().then(|| view! {
                <p class="success" role="status">{t_string!(i18n, bills_and_payments.card_saved, card = name()).to_string()}</p>
            })}
            <CardFacts card />
            {move || remove.error.get().map(|text| view! { <p class="form-error" role="alert">{text}</p> })}
            {can_change.then(|| view! {
                <div class="pane-actions">
                    <button type="button" id="card-edit" class="button primary" on:click=move |_| {
                        saved_note.set(false);
                        mode.set(Mode::Edit);
                        focus_soon("card-security-code");
                    }>
                        {t!(i18n, bills_and_payments.edit)}
                    </button>
                    {if in_use {
                        view! { <p class="hint">{t!(i18n, bills_and_payments.in_use_note)}</p> }.into_any()
                    } else {
                        view! {
                            <button type="button" id="card-remove" class="button" on:click=move |_| {
                                mode.set(Mode::ConfirmRemove);
                                focus_soon("card-remove-cancel");
                            }>
                                {t!(i18n, bills_and_payments.remove)}
                            </button>
                        }
                            .into_any()
                    }}
                </div>
            })}
        }
    };
    view! {
        <Pane title=title id="card-pane" on_close>
            {move || match mode.get() {
                Mode::Details => details().into_any(),
                Mode::Edit => view! { <EditCardForm card=current.get_untracked() on_saved on_cancel /> }.into_any(),
                Mode::ConfirmRemove => view! {
                    <ConfirmRemove
                        title=Signal::derive(move || t_string!(i18n, bills_and_payments.remove_title, card = name()).to_string())
                        working=remove.working
                        on_remove=Callback::new(move |()| remove.run(current.with_untracked(|c| c.id.clone())))
                        on_cancel=Callback::new(move |()| {
                            mode.set(Mode::Details);
                            focus_soon("card-remove");
                        })
                    />
                }
                .into_any(),
            }}
        </Pane>
    }
}

/// A card's facts: expiry, name, billing address and what uses it.
#[component]
fn CardFacts(card: PaymentMethodDetails) -> impl IntoView {
    let i18n = use_i18n();
    let uses = uses_text(i18n, &card);
    let address = [
        Some(card.address.line1.clone()),
        card.address.line2.clone(),
        Some(format!("{} {}", card.address.postal_code, card.address.city)),
        Some(card.address.country.clone()),
    ];
    view! {
        <dl class="details">
            <dt>{t!(i18n, bills_and_payments.column_expiry)}</dt>
            <dd>{expiry_text(card.expiry_month, card.expiry_year)} <ExpiryTag card=card.clone() /></dd>
            <dt>{t!(i18n, bills_and_payments.column_name)}</dt>
            <dd>{card.name_on_card.clone()}</dd>
            <dt>{t!(i18n, bills_and_payments.address)}</dt>
            <dd class="address">
                {address.into_iter().flatten().map(|line| view! { <span>{line}</span> }).collect_view()}
            </dd>
            <dt>{t!(i18n, bills_and_payments.column_used_by)}</dt>
            <dd>
                {if uses.is_empty() {
                    view! { {t!(i18n, bills_and_payments.not_used)} }.into_any()
                } else {
                    view! { <ul class="plain">{uses.into_iter().map(|u| view! { <li>{u}</li> }).collect_view()}</ul> }
                        .into_any()
                }}
            </dd>
        </dl>
    }
}

/// "Remove Visa ending in 4242?" in the pane, with Remove and Cancel.
#[component]
fn ConfirmRemove(
    title: Signal<String>,
    /// `Submit::working` of the removal.
    working: Signal<bool>,
    on_remove: Callback<()>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="confirm" role="group" aria-labelledby="card-remove-title" aria-describedby="card-remove-body">
            <h3 id="card-remove-title">{move || title.get()}</h3>
            <p id="card-remove-body">{t!(i18n, bills_and_payments.remove_body)}</p>
            <div class="pane-actions">
                <button
                    type="button"
                    class="button danger"
                    aria-disabled=move || working.get().then_some("true")
                    on:click=move |_| on_remove.run(())
                >
                    {move || if working.get() { t_string!(i18n, shell.working) } else { t_string!(i18n, bills_and_payments.remove) }}
                </button>
                <button type="button" id="card-remove-cancel" class="button" on:click=move |_| on_cancel.run(())>
                    {t!(i18n, bills_and_payments.cancel)}
                </button>
            </div>
        </div>
    }
}

/// "Expired" or "Expires soon" beside the expiry date.
#[component]
pub fn ExpiryTag(card: PaymentMethodDetails) -> impl IntoView {
    use portal_api::payment_methods::ExpiryStatus;
    let i18n = use_i18n();
    match card.expiry_status {
        ExpiryStatus::Expired => {
            Some(view! { <span class="tag attention">{t!(i18n, bills_and_payments.expired)}</span> }.into_any())
        }
        ExpiryStatus::ExpiringSoon => {
            Some(view! { <span class="tag attention">{t!(i18n, bills_and_payments.expiring_soon)}</span> }.into_any())
        }
        ExpiryStatus::Valid => None,
    }
}
