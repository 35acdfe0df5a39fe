//! A billing account's page (`/billing/accounts/:id`): its Overview, and the Billing profile
//! tab listing every billing profile of the account.

use leptos::prelude::*;
use leptos_router::components::A;
use portal_api::billing_accounts::BillingAccountDetails;
use wasm_bindgen::JsCast;

use super::account_type_text;
use crate::api;
use crate::components::loaded::{Loaded, missing_page, use_param_resource};
use crate::components::page::Page;
use crate::i18n::*;
use crate::pages::billing::bills_and_payments::ProfileTable;
use crate::routes::paths;

/// The account page.
#[component]
pub fn BillingAccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let account = use_param_resource("id", |id| async move { api::billing_accounts::get(&id).await });
    let not_found = missing_page(
        move || t_string!(i18n, billing_accounts.title),
        paths::BILLING_ACCOUNTS,
        move || t_string!(i18n, billing_accounts.back_to_accounts),
    );
    view! {
        <Loaded resource=account not_found let:details>
            <Account details />
        </Loaded>
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Overview,
    Profiles,
}

/// The account's two tabs as WAI-ARIA tabs: Left and Right arrows move between them.
#[component]
fn Account(details: BillingAccountDetails) -> impl IntoView {
    let i18n = use_i18n();
    let tab = RwSignal::new(Tab::Overview);
    let account = details.account;
    let account_type = account.account_type.clone();
    let select = move |next: Tab| {
        tab.set(next);
        let id = if next == Tab::Overview { "account-tab-overview" } else { "account-tab-profiles" };
        if let Some(element) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = element.focus();
        }
    };
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        if matches!(ev.key().as_str(), "ArrowLeft" | "ArrowRight" | "Home" | "End") {
            ev.prevent_default();
            select(if tab.get_untracked() == Tab::Overview { Tab::Profiles } else { Tab::Overview });
        }
    };
    let tab_button = move |which: Tab, id: &'static str, panel: &'static str, label: Signal<&'static str>| {
        view! {
            <button
                type="button"
                role="tab"
                id=id
                aria-controls=panel
                aria-selected=move || (tab.get() == which).to_string()
                tabindex=move || if tab.get() == which { "0" } else { "-1" }
                on:click=move |_| select(which)
            >
                {label}
            </button>
        }
    };
    let profiles = details.billing_profiles;
    let no_profiles = profiles.is_empty();
    view! {
        <Page title=account.name.clone() in_billing=true>
            <p><A href=paths::BILLING_ACCOUNTS>{t!(i18n, billing_accounts.back_to_accounts)}</A></p>
            <div class="tabs" role="tablist" aria-label=move || t_string!(i18n, billing_accounts.sections) on:keydown=on_keydown>
                {tab_button(Tab::Overview, "account-tab-overview", "account-panel-overview", Signal::derive(move || t_string!(i18n, billing_accounts.overview)))}
                {tab_button(Tab::Profiles, "account-tab-profiles", "account-panel-profiles", Signal::derive(move || t_string!(i18n, billing_accounts.billing_profile)))}
            </div>
            <div
                role="tabpanel"
                id="account-panel-overview"
                aria-labelledby="account-tab-overview"
                hidden=move || tab.get() != Tab::Overview
            >
                <dl class="details">
                    <dt>{t!(i18n, billing_accounts.column_name)}</dt>
                    <dd>{account.name.clone()}</dd>
                    <dt>{t!(i18n, billing_accounts.column_type)}</dt>
                    <dd>{move || account_type_text(i18n, &account_type)}</dd>
                    <dt>{t!(i18n, billing_accounts.column_owner)}</dt>
                    <dd>{account.owner_name.clone()}</dd>
                </dl>
            </div>
            <div
                role="tabpanel"
                id="account-panel-profiles"
                aria-labelledby="account-tab-profiles"
                hidden=move || tab.get() != Tab::Profiles
            >
                <p class="intro">{t!(i18n, billing_accounts.profiles_intro)}</p>
                {if no_profiles {
                    view! { <p class="empty-state">{t!(i18n, bills_and_payments.profiles_empty)}</p> }.into_any()
                } else {
                    view! { <ProfileTable profiles from_bills=false /> }.into_any()
                }}
            </div>
        </Page>
    }
}
