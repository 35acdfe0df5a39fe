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
mod tabs;

use portal_api::cards::CardBrand;
use portal_api::invoices::InvoiceStatus;

pub use add_menu::AddMenu;
pub use billing_profiles::{BillingProfilesTab, ProfileTable};
pub use card_pane::ExpiryTag;
pub use edit_card::EditCardPane;
pub use invoice_details::InvoiceDetailsPage;
pub use invoices::{InvoiceList, InvoiceTable, InvoicesTab};
pub use payment_methods::PaymentMethodsTab;
pub use tabs::BillsAndPayments;

use crate::i18n::*;

type I18n = leptos_i18n::I18nContext<Locale>;

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
