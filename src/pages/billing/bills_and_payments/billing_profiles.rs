//! Bills & payments > Billing profiles (the seed's older path): every billing profile the
//! person pays for, each opening the same details page as Billing accounts does.

use leptos::prelude::*;
use leptos_router::components::A;
use portal_api::billing_accounts::BillingProfileSummary;

use super::card_name;
use crate::api;
use crate::components::data_table::DataTable;
use crate::components::loaded::Loaded;
use crate::i18n::*;
use crate::routes::paths;

/// The Billing profiles tab.
#[component]
pub fn BillingProfilesTab() -> impl IntoView {
    let i18n = use_i18n();
    let profiles = LocalResource::new(api::billing_accounts::profiles);
    view! {
        <section aria-labelledby="tab-heading">
            <h2 id="tab-heading">{t!(i18n, bills_and_payments.billing_profiles)}</h2>
            <p class="intro">{t!(i18n, bills_and_payments.billing_profiles_intro)}</p>
            <Loaded resource=profiles let:list>
                {if list.billing_profiles.is_empty() {
                    view! { <p class="empty-state">{t!(i18n, bills_and_payments.profiles_empty)}</p> }.into_any()
                } else {
                    view! { <ProfileTable profiles=list.billing_profiles from_bills=true /> }.into_any()
                }}
            </Loaded>
        </section>
    }
}

/// Billing profiles, one row each: name (to its details page), billing account, currency,
/// payment method. Billing accounts' Billing profile tab shows the same table.
#[component]
pub fn ProfileTable(
    /// The profiles.
    profiles: Vec<BillingProfileSummary>,
    /// Whether the rows lead back here (Bills & payments) rather than to the account.
    from_bills: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let rows = profiles
        .into_iter()
        .map(|p| {
            let href = paths::billing_profile(&p.billing_account_id, &p.id, from_bills);
            let card = p.payment_method.clone();
            view! {
                <tr>
                    <th scope="row"><A href=href>{p.name}</A></th>
                    <td>{p.billing_account_name}</td>
                    <td>{p.currency}</td>
                    <td>
                        {move || match &card {
                            Some(card) => card_name(i18n, card.brand, &card.last4),
                            None => t_string!(i18n, bills_and_payments.no_payment_method).to_owned(),
                        }}
                    </td>
                </tr>
            }
        })
        .collect_view();
    let head = move || {
        view! {
            <th scope="col">{t!(i18n, bills_and_payments.column_profile_name)}</th>
            <th scope="col">{t!(i18n, bills_and_payments.column_account)}</th>
            <th scope="col">{t!(i18n, bills_and_payments.column_currency)}</th>
            <th scope="col">{t!(i18n, bills_and_payments.column_payment_method)}</th>
        }
    };
    view! {
        <DataTable caption=move || t_string!(i18n, bills_and_payments.billing_profiles) head>
            {rows}
        </DataTable>
    }
}
