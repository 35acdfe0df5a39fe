//! Buying a product, starting a trial, and the prices shown before anything is charged.

use serde::{Deserialize, Serialize};

use crate::cards::{CardBrand, CardInput};
use crate::error::{ApiError, ErrorCode};
use crate::money::Money;

/// How a purchase is paid: a card the person saved before, or a new card typed in the pane.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Payment {
    /// A saved payment method, by id.
    SavedCard {
        /// The payment method's id.
        #[cfg_attr(feature = "openapi", schema(min_length = 1))]
        payment_method_id: String,
    },
    /// A new card; it is saved (as a token) for the person once the gateway accepts it.
    NewCard(CardInput),
}

impl Payment {
    /// The checks made before any gateway call. `today` is (year, month).
    pub fn validate(&self, today: (u16, u8)) -> Result<(), ApiError> {
        match self {
            Payment::SavedCard { payment_method_id } if payment_method_id.trim().is_empty() => {
                Err(ApiError::field(ErrorCode::PaymentMethodRequired, "payment", "Choose a payment method."))
            }
            Payment::SavedCard { .. } => Ok(()),
            Payment::NewCard(card) => card.validate(today),
        }
    }
}

/// `POST /api/purchases`: buy licenses of a product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PurchaseRequest {
    /// The product to buy.
    pub product_id: String,
    /// How many licenses, 1 to the product's maximum.
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub licenses: i64,
    /// How to pay.
    pub payment: Payment,
}

/// `POST /api/trials`: start a product's free trial.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrialRequest {
    /// The product to try.
    pub product_id: String,
    /// A card, when the product's trial offer needs one; with a card the trial converts to a
    /// paid subscription when it ends.
    #[serde(default)]
    pub payment: Option<Payment>,
}

/// `POST /api/subscriptions/{id}/purchase`: buy a trial (turn it into a paid subscription).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BuyTrialRequest {
    /// How many licenses to buy, 1 to the product's maximum.
    pub licenses: i64,
    /// How to pay.
    pub payment: Payment,
}

/// Checks a number of licenses: a whole number from 1 to `max`.
pub fn validate_licenses(licenses: i64, max: i64, field: &str) -> Result<(), ApiError> {
    if (1..=max).contains(&licenses) {
        Ok(())
    } else {
        Err(ApiError::field(ErrorCode::OutOfRange, field, format!("Enter a whole number from 1 to {max}."))
            .with_count(max))
    }
}

/// An amount before tax, the tax at the billing profile's rate, and the sum: what the person
/// sees before confirming, and what the invoice says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PriceLines {
    /// Before tax.
    pub subtotal: Money,
    /// Tax rate in basis points (2100 is 21 %).
    pub tax_rate_bp: i64,
    /// Tax.
    pub tax: Money,
    /// Subtotal plus tax.
    pub total: Money,
}

impl PriceLines {
    /// `subtotal` plus tax at `tax_rate_bp`, rounded half away from zero to the minor unit.
    pub fn with_tax(subtotal_minor: i64, tax_rate_bp: i64, currency: &str) -> Self {
        let tax_minor = div_round(subtotal_minor * tax_rate_bp, 10_000);
        let money = |amount_minor| Money { amount_minor, currency: currency.to_owned() };
        PriceLines {
            subtotal: money(subtotal_minor),
            tax_rate_bp,
            tax: money(tax_minor),
            total: money(subtotal_minor + tax_minor),
        }
    }
}

/// `a / b` rounded half away from zero (`b > 0`).
pub fn div_round(a: i64, b: i64) -> i64 {
    if a >= 0 { (a + b / 2) / b } else { -((-a + b / 2) / b) }
}

/// `GET /api/products/{id}/quote?licenses=N`: what buying costs, shown before confirming.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PurchaseQuote {
    /// The licenses priced.
    pub licenses: i64,
    /// Price of one license for the whole term.
    pub price_per_license_term: Money,
    /// Licenses × price for the term, tax, total.
    pub price: PriceLines,
    /// The day the first term ends and the subscription renews (`YYYY-MM-DD`).
    pub term_end_date: String,
    /// The billing profile that is charged and invoiced.
    pub billing_profile_name: String,
}

/// A card the person saved, as the portal keeps it: never its number or security code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentMethod {
    /// Stable id.
    pub id: String,
    /// Card brand.
    pub brand: CardBrand,
    /// Last four digits.
    pub last4: String,
    /// Expiry month.
    pub expiry_month: u8,
    /// Expiry year.
    pub expiry_year: u16,
    /// Name on the card.
    pub name_on_card: String,
}

/// `GET /api/payment-methods`: the signed-in person's cards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentMethodList {
    /// Newest first.
    pub payment_methods: Vec<PaymentMethod>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tax_is_a_separate_line_rounded_to_the_cent() {
        let lines = PriceLines::with_tax(1050, 2100, "EUR");
        assert_eq!((lines.subtotal.amount_minor, lines.tax.amount_minor, lines.total.amount_minor), (1050, 221, 1271));
        let credit = PriceLines::with_tax(-1050, 2100, "EUR");
        assert_eq!((credit.tax.amount_minor, credit.total.amount_minor), (-221, -1271));
    }

    #[test]
    fn licenses_are_a_whole_number_from_one_to_the_maximum() {
        assert_eq!(validate_licenses(1, 300, "licenses"), Ok(()));
        assert_eq!(validate_licenses(300, 300, "licenses"), Ok(()));
        for wrong in [0, -5, 301] {
            let error = validate_licenses(wrong, 300, "licenses").expect_err("refused");
            assert_eq!(
                (error.code, error.field.as_deref(), error.count),
                (ErrorCode::OutOfRange, Some("licenses"), Some(300))
            );
        }
    }

    #[test]
    fn payments_are_tagged_by_kind() {
        let saved = Payment::SavedCard { payment_method_id: "pm_1".into() };
        let json = serde_json::to_string(&saved).expect("serializes");
        assert_eq!(json, r#"{"saved_card":{"payment_method_id":"pm_1"}}"#);
        assert_eq!(
            Payment::SavedCard { payment_method_id: " ".into() }.validate((2026, 1)).map_err(|e| e.code),
            Err(ErrorCode::PaymentMethodRequired)
        );
    }
}
