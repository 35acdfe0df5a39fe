//! A billing profile's details page (`/billing/accounts/:id/profiles/:profile`), reached from
//! Billing accounts and from Bills & payments > Billing profiles: name, sold-to and bill-to,
//! currency; "Invoice and billing notifications" with the Payment method (Edit, Replace) and
//! the invoice email recipients; and the profile's invoices.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use portal_api::billing_accounts::BillingProfileDetails;
use portal_api::invoices::Party;
use portal_api::payment_methods::PaymentMethodDetails;

use super::recipients::Recipients;
use super::replace_pane::ReplacePane;
use crate::api;
use crate::components::loaded::{Loaded, missing_page, use_param_resource};
use crate::components::page::Page;
use crate::components::status_line::StatusLine;
use crate::errors;
use crate::i18n::*;
use crate::pages::billing::bills_and_payments::{EditCardPane, InvoiceList, card_name, expiry_text};
use crate::routes::paths;

/// The profile page.
#[component]
pub fn BillingProfilePage() -> impl IntoView {
    let i18n = use_i18n();
    let query = leptos_router::hooks::use_query_map();
    let from_bills = move || query.read().get("from").as_deref() == Some("bills");
    let profile = use_param_resource("profile", |id| async move { api::billing_accounts::profile(&id).await });
    let not_found = missing_page(
        move || t_string!(i18n, billing_accounts.profile_details),
        paths::BILLING_ACCOUNTS,
        move || t_string!(i18n, billing_accounts.back_to_accounts),
    );
    view! {
        <Loaded resource=profile not_found let:profile>
            <Profile profile from_bills=from_bills() />
        </Loaded>
    }
}

/// A name and address, a line each.
#[component]
fn Address(party: Party) -> impl IntoView {
    let lines = [
        Some(party.name),
        Some(party.line1),
        party.line2,
        Some(format!("{} {}", party.postal_code, party.city)),
        Some(party.country),
    ];
    view! { <dd class="address">{lines.into_iter().flatten().map(|l| view! { <span>{l}</span> }).collect_view()}</dd> }
}

#[derive(Debug, Clone, PartialEq)]
enum Open {
    Edit(Box<PaymentMethodDetails>),
    Replace,
}

#[component]
fn Profile(profile: BillingProfileDetails, from_bills: bool) -> impl IntoView {
    let i18n = use_i18n();
    let summary = profile.summary.clone();
    let current = RwSignal::new(profile.clone());
    let open = RwSignal::new(None::<Open>);
    let message = RwSignal::new(None::<String>);
    let problem = RwSignal::new(None::<String>);
    let loading_card = RwSignal::new(false);
    // Edit needs the card's name and address: one request when Edit is chosen.
    let edit = move |()| {
        let Some(id) = current.with_untracked(|p| p.summary.payment_method.as_ref().map(|c| c.id.clone())) else {
            return;
        };
        if loading_card.get_untracked() {
            return;
        }
        loading_card.set(true);
        problem.set(None);
        spawn_local(async move {
            match api::payment_methods::get(&id).await {
                Ok(card) => {
                    open.try_set(Some(Open::Edit(Box::new(card))));
                }
                Err(failure) => {
                    problem.try_set(Some(errors::describe(i18n, &failure)));
                }
            }
            loading_card.try_set(false);
        });
    };
    let close = Callback::new(move |_| open.set(None));
    let on_card_saved = Callback::new(move |saved: PaymentMethodDetails| {
        current.update(|p| {
            if let Some(card) = p.summary.payment_method.as_mut().filter(|c| c.id == saved.id) {
                card.expiry_month = saved.expiry_month;
                card.expiry_year = saved.expiry_year;
                card.name_on_card = saved.name_on_card.clone();
            }
        });
        message.set(Some(
            t_string!(i18n, bills_and_payments.card_saved, card = card_name(i18n, saved.brand, &saved.last4))
                .to_string(),
        ));
        open.set(None);
    });
    let on_replaced = Callback::new(move |replaced: BillingProfileDetails| {
        let card =
            replaced.summary.payment_method.as_ref().map(|c| card_name(i18n, c.brand, &c.last4)).unwrap_or_default();
        let name = replaced.summary.name.clone();
        message.set(Some(t_string!(i18n, billing_accounts.replaced, profile = name, card = card).to_string()));
        current.set(replaced);
        open.set(None);
    });
    let can_change = summary.can_change;
    view! {
        <Page title=summary.name.clone() in_billing=true>
            <p><BackLink from_bills account_id=summary.billing_account_id.clone() account_name=summary.billing_account_name.clone() /></p>
            <StatusLine message=message />
            {(!can_change).then(|| view! { <p class="hint">{t!(i18n, billing_accounts.read_only)}</p> })}
            <ProfileFacts profile=profile.clone() />
            <section aria-labelledby="notifications-heading">
                <h2 id="notifications-heading">{t!(i18n, billing_accounts.notifications)}</h2>
                <h3 id="payment-method-heading">{t!(i18n, billing_accounts.payment_method)}</h3>
                <PaymentMethod
                    profile=current
                    can_change
                    loading_card
                    problem
                    on_edit=Callback::new(edit)
                    on_replace=Callback::new(move |()| open.set(Some(Open::Replace)))
                />
                <Recipients profile=profile.clone() on_saved=Callback::new(move |saved| current.set(saved)) />
            </section>
            <section aria-labelledby="profile-invoices-heading">
                <h2 id="profile-invoices-heading">{t!(i18n, billing_accounts.profile_invoices)}</h2>
                <InvoiceList billing_profile_id=summary.id.clone() />
            </section>
            {move || match open.get() {
                Some(Open::Edit(card)) => view! { <EditCardPane card=*card on_saved=on_card_saved on_close=close /> }.into_any(),
                Some(Open::Replace) => {
                    let id = current.with_untracked(|p| p.summary.id.clone());
                    view! { <ReplacePane profile_id=id on_replaced on_close=close /> }.into_any()
                }
                None => ().into_any(),
            }}
        </Page>
    }
}

/// Back to Bills & payments > Billing profiles when the page was opened from there, else to
/// the profile's billing account.
#[component]
fn BackLink(from_bills: bool, account_id: String, account_name: String) -> impl IntoView {
    let i18n = use_i18n();
    if from_bills {
        view! { <A href=paths::BILLING_PROFILES>{t!(i18n, billing_accounts.back_to_profiles)}</A> }.into_any()
    } else {
        view! {
            <A href=paths::billing_account(&account_id)>
                {move || t_string!(i18n, billing_accounts.back_to_account, account = account_name.clone()).to_string()}
            </A>
        }
        .into_any()
    }
}

/// The profile's billing account, currency, sold-to and bill-to.
#[component]
fn ProfileFacts(profile: BillingProfileDetails) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <dl class="details">
            <dt>{t!(i18n, billing_accounts.billing_account)}</dt>
            <dd>{profile.summary.billing_account_name}</dd>
            <dt>{t!(i18n, billing_accounts.currency)}</dt>
            <dd>{profile.summary.currency}</dd>
            <dt>{t!(i18n, billing_accounts.sold_to)}</dt>
            <Address party=profile.sold_to />
            <dt>{t!(i18n, billing_accounts.bill_to)}</dt>
            <Address party=profile.bill_to />
        </dl>
    }
}

/// The profile's payment method ("Visa ending in 4242 · 12/2029"), why reading it for Edit
/// failed, and Edit and Replace for those who may change the profile.
#[component]
fn PaymentMethod(
    profile: RwSignal<BillingProfileDetails>,
    can_change: bool,
    /// Whether Edit is reading the card.
    loading_card: RwSignal<bool>,
    problem: RwSignal<Option<String>>,
    on_edit: Callback<()>,
    on_replace: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="payment-method">
            {move || profile.with(|p| match &p.summary.payment_method {
                Some(card) => format!(
                    "{} · {}",
                    card_name(i18n, card.brand, &card.last4),
                    expiry_text(card.expiry_month, card.expiry_year)
                ),
                None => t_string!(i18n, billing_accounts.no_payment_method).to_owned(),
            })}
        </p>
        {move || problem.get().map(|text| view! { <p class="form-error" role="alert">{text}</p> })}
        {can_change.then(|| view! {
            <div class="actions-bar" role="group" aria-labelledby="payment-method-heading">
                <Show when=move || profile.with(|p| p.summary.payment_method.is_some())>
                    <button
                        type="button"
                        id="profile-card-edit"
                        class="button"
                        aria-haspopup="dialog"
                        aria-disabled=move || loading_card.get().then_some("true")
                        on:click=move |_| on_edit.run(())
                    >
                        {t!(i18n, billing_accounts.edit)}
                    </button>
                </Show>
                <button
                    type="button"
                    id="profile-card-replace"
                    class="button"
                    aria-haspopup="dialog"
                    on:click=move |_| on_replace.run(())
                >
                    {t!(i18n, billing_accounts.replace)}
                </button>
            </div>
        })}
    }
}
