//! Billing > Bills & payments, with its tabs: Invoices, Payment methods, Billing profiles; an
//! invoice's own page; and the words the tabs share (a card, an invoice's status).

mod add_card;
mod add_menu;
mod billing_profiles;
mod card_pane;
mod edit_card;
mod invoice_details;
mod invoices;
mod payment_methods;
pub mod period;

use leptos::prelude::*;
use leptos_router::components::{A, Outlet};
use portal_api::cards::CardBrand;
use portal_api::invoices::InvoiceStatus;

pub use add_menu::AddMenu;
pub use billing_profiles::{BillingProfilesTab, ProfileTable};
pub use card_pane::ExpiryTag;
pub use edit_card::EditCardPane;
pub use invoice_details::InvoiceDetailsPage;
pub use invoices::{InvoiceList, InvoicesTab};
pub use payment_methods::PaymentMethodsTab;

use crate::components::page::Page;
use crate::i18n::*;
use crate::routes::paths;

type I18n = leptos_i18n::I18nContext<Locale>;

/// The page and its tab bar; the open tab renders below it.
#[component]
pub fn BillsAndPayments() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Page title=move || t_string!(i18n, bills_and_payments.title) in_billing=true>
            // Links, not ARIA tabs: each tab is its own address, so the current one is aria-current.
            <nav class="tabs" aria-label=move || t_string!(i18n, bills_and_payments.sections)>
                <A href=paths::INVOICES>{t!(i18n, bills_and_payments.invoices)}</A>
                <A href=paths::PAYMENT_METHODS>{t!(i18n, bills_and_payments.payment_methods)}</A>
                <A href=paths::BILLING_PROFILES>{t!(i18n, bills_and_payments.billing_profiles)}</A>
            </nav>
            <Outlet />
        </Page>
    }
}

/// A card brand as printed on the card.
pub fn brand_name(brand: CardBrand) -> &'static str {
    match brand {
        CardBrand::Visa => "Visa",
        CardBrand::Mastercard => "Mastercard",
        CardBrand::Amex => "American Express",
    }
}

/// "Visa ending in 4242", in the person's language.
pub fn card_name(i18n: I18n, brand: CardBrand, last4: &str) -> String {
    t_string!(i18n, bills_and_payments.card, brand = brand_name(brand), last4 = last4.to_owned()).to_string()
}

/// "12/2029".
pub fn expiry_text(month: u8, year: u16) -> String {
    format!("{month:02}/{year}")
}

/// An invoice's status in the person's language.
pub fn status_text(i18n: I18n, status: InvoiceStatus) -> &'static str {
    match status {
        InvoiceStatus::Paid => t_string!(i18n, bills_and_payments.status_paid),
        InvoiceStatus::Due => t_string!(i18n, bills_and_payments.status_due),
        InvoiceStatus::PastDue => t_string!(i18n, bills_and_payments.status_past_due),
        InvoiceStatus::Credited => t_string!(i18n, bills_and_payments.status_credited),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_expiry_is_month_and_year() {
        assert_eq!(expiry_text(3, 2029), "03/2029");
        assert_eq!(brand_name(CardBrand::Amex), "American Express");
    }
}
