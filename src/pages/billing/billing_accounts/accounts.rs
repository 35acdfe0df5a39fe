//! The Billing accounts page (`/billing/accounts`), on its Overview tab: every billing account
//! of the organization, each linking to its page.

use leptos::prelude::*;
use leptos_router::components::A;
use portal_api::billing_accounts::BillingAccount;

use super::account_type_text;
use crate::api;
use crate::components::data_table::DataTable;
use crate::components::loaded::Loaded;
use crate::components::page::Page;
use crate::i18n::*;
use crate::routes::paths;

/// The Billing accounts page, on its Overview tab.
#[component]
pub fn BillingAccounts() -> impl IntoView {
    let i18n = use_i18n();
    let accounts = LocalResource::new(api::billing_accounts::list);
    view! {
        <Page title=move || t_string!(i18n, billing_accounts.title) in_billing=true>
            <p class="intro">{t!(i18n, billing_accounts.intro)}</p>
            <nav class="tabs" aria-label=move || t_string!(i18n, billing_accounts.sections)>
                <A href=paths::BILLING_ACCOUNTS>{t!(i18n, billing_accounts.overview)}</A>
            </nav>
            <Loaded resource=accounts let:list>
                {if list.billing_accounts.is_empty() {
                    view! { <p class="empty-state">{t!(i18n, billing_accounts.accounts_empty)}</p> }.into_any()
                } else {
                    view! { <AccountTable accounts=list.billing_accounts /> }.into_any()
                }}
            </Loaded>
        </Page>
    }
}

#[component]
fn AccountTable(accounts: Vec<BillingAccount>) -> impl IntoView {
    let i18n = use_i18n();
    let rows = accounts
        .into_iter()
        .map(|a| {
            let account_type = a.account_type.clone();
            view! {
                <tr>
                    <th scope="row"><A href=paths::billing_account(&a.id)>{a.name}</A></th>
                    <td>{move || account_type_text(i18n, &account_type)}</td>
                    <td>{a.owner_name}</td>
                    <td class="number">{move || crate::format::number(a.billing_profile_count, i18n.get_locale())}</td>
                </tr>
            }
        })
        .collect_view();
    let head = move || {
        view! {
            <th scope="col">{t!(i18n, billing_accounts.column_name)}</th>
            <th scope="col">{t!(i18n, billing_accounts.column_type)}</th>
            <th scope="col">{t!(i18n, billing_accounts.column_owner)}</th>
            <th scope="col" class="number">{t!(i18n, billing_accounts.column_profiles)}</th>
        }
    };
    view! {
        <DataTable caption=move || t_string!(i18n, billing_accounts.overview) head>
            {rows}
        </DataTable>
    }
}
