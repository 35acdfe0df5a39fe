//! Bills & payments > Payment methods: a person's saved cards, what uses each, editing one
//! (security code, expiry, name, address), adding one and removing one.
//!
//! # Endpoints
//!
//! | method | path | body | answers |
//! |---|---|---|---|
//! | GET | `/api/payment-methods` | – | 200 [`PaymentMethodList`] (the person's own cards, newest first; a superset of `purchases::PaymentMethodList`) |
//! | GET | `/api/payment-methods/{id}` | – | 200 [`PaymentMethodDetails`]; 404 (admins may read any card of the organization, `can_change` false) |
//! | POST | `/api/payment-methods` | [`crate::cards::CardInput`] | 201 [`PaymentMethodDetails`]; 402 `card_declined` (nothing saved); 422 card checks (`number`, `expiry`, `security_code`, `name_on_card`, `address_line1`, `city`, `postal_code`, `country`) |
//! | PUT | `/api/payment-methods/{id}` | [`PaymentMethodUpdate`] | 200 [`PaymentMethodDetails`]; 402 `card_declined` when the new security code does not verify (nothing changed); 403 `read_only` (an admin, another's card); 404; 422 `card_expired` (`expiry`), `security_code_invalid`, `required` / `too_long` (`name_on_card`, address fields), `no_change` |
//! | DELETE | `/api/payment-methods/{id}` | – | 200 [`PaymentMethodList`] (the cards left); 403 `read_only`; 404; 409 `payment_method_in_use` with `used_by` naming the billing profiles and subscriptions that pay with it |
//!
//! Every change (POST, PUT, DELETE) needs an `Idempotency-Key` header and writes an audit event.
//! The security code goes to the gateway and nowhere else; `Debug` never prints it.

use serde::{Deserialize, Serialize};

use crate::cards::{Address, CardBrand, validate_expiry, validate_holder};
use crate::error::{ApiError, ErrorCode};

/// How many months before its expiry a card is marked as expiring soon: a card that is valid
/// through this month or one of the next two is expiring soon.
pub const EXPIRING_SOON_MONTHS: u32 = 2;

/// Whether a card still works.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ExpiryStatus {
    /// Valid for more than the next two months.
    Valid,
    /// Valid through this month or one of the next two: update it soon.
    ExpiringSoon,
    /// Its expiry month has passed.
    Expired,
}

impl ExpiryStatus {
    /// The status of a card valid through `expiry` (year, month) on `today` (year, month).
    pub fn of(expiry: (u16, u8), today: (u16, u8)) -> Self {
        let months = |(y, m): (u16, u8)| i64::from(y) * 12 + i64::from(m);
        let left = months(expiry) - months(today);
        if left < 0 {
            ExpiryStatus::Expired
        } else if left <= i64::from(EXPIRING_SOON_MONTHS) {
            ExpiryStatus::ExpiringSoon
        } else {
            ExpiryStatus::Valid
        }
    }
}

/// What pays with a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CardUseKind {
    /// A billing profile's payment method.
    BillingProfile,
    /// A subscription that is active (or a trial that converts) and is charged to it.
    Subscription,
}

/// One thing that pays with a card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CardUse {
    /// A billing profile or a subscription.
    pub kind: CardUseKind,
    /// Its id.
    pub id: String,
    /// Its name: the profile's name, or the subscription's product name.
    pub name: String,
}

/// A saved card with everything the Payment methods page shows. Never its number or code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentMethodDetails {
    /// Stable id.
    pub id: String,
    /// Card brand.
    pub brand: CardBrand,
    /// Last four digits.
    pub last4: String,
    /// Expiry month, 1 to 12.
    pub expiry_month: u8,
    /// Expiry year, four digits.
    pub expiry_year: u16,
    /// Name on the card.
    pub name_on_card: String,
    /// The card's billing address.
    pub address: Address,
    /// Valid, expiring soon or expired, by the server's today.
    pub expiry_status: ExpiryStatus,
    /// The billing profiles and subscriptions that pay with it (empty: it can be removed).
    pub used_by: Vec<CardUse>,
    /// Whether the signed-in person may edit or remove it (its owner only).
    pub can_change: bool,
}

/// `GET /api/payment-methods`: the signed-in person's cards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentMethodList {
    /// Newest first.
    pub payment_methods: Vec<PaymentMethodDetails>,
}

/// `PUT /api/payment-methods/{id}`: the four things the Edit pane changes. The card number
/// cannot be changed (add a new card instead).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentMethodUpdate {
    /// A new security code (3 digits, 4 for Amex), or absent/empty to keep the card as verified.
    /// When given, the gateway verifies the card with it; it is never stored.
    #[serde(default)]
    pub security_code: Option<String>,
    /// Expiry month, 1 to 12.
    pub expiry_month: u8,
    /// Expiry year, four digits; not in the past, at most 20 years ahead.
    pub expiry_year: u16,
    /// The name printed on the card.
    pub name_on_card: String,
    /// The card's billing address.
    pub address: Address,
}

impl std::fmt::Debug for PaymentMethodUpdate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PaymentMethodUpdate")
            .field("security_code", &self.security_code.as_ref().map(|_| "[redacted]"))
            .field("expiry_month", &self.expiry_month)
            .field("expiry_year", &self.expiry_year)
            .field("name_on_card", &self.name_on_card)
            .field("address", &self.address)
            .finish()
    }
}

impl PaymentMethodUpdate {
    /// The new security code, when one was typed.
    pub fn new_security_code(&self) -> Option<&str> {
        self.security_code.as_deref().map(str::trim).filter(|code| !code.is_empty())
    }

    /// The checks made before any gateway call, in the pane's field order (security code,
    /// expiry, name, address). `brand` is the saved card's; `today` is (year, month).
    pub fn validate(&self, brand: CardBrand, today: (u16, u8)) -> Result<(), ApiError> {
        if let Some(code) = self.new_security_code() {
            let len = if brand == CardBrand::Amex { 4 } else { 3 };
            if code.len() != len || !code.chars().all(|c| c.is_ascii_digit()) {
                return Err(ApiError::field(
                    ErrorCode::SecurityCodeInvalid,
                    "security_code",
                    "Check the security code.",
                ));
            }
        }
        validate_expiry(self.expiry_month, self.expiry_year, today)?;
        validate_holder(&self.name_on_card, &self.address)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cards::CardInput;

    const TODAY: (u16, u8) = (2026, 3);

    fn update() -> PaymentMethodUpdate {
        let sample = CardInput::sample("4242424242424242");
        PaymentMethodUpdate {
            security_code: None,
            expiry_month: 6,
            expiry_year: 2027,
            name_on_card: sample.name_on_card,
            address: sample.address,
        }
    }

    #[test]
    fn cards_are_expiring_soon_in_their_last_three_months() {
        assert_eq!(ExpiryStatus::of((2026, 2), TODAY), ExpiryStatus::Expired);
        assert_eq!(ExpiryStatus::of((2026, 3), TODAY), ExpiryStatus::ExpiringSoon);
        assert_eq!(ExpiryStatus::of((2026, 5), TODAY), ExpiryStatus::ExpiringSoon);
        assert_eq!(ExpiryStatus::of((2026, 6), TODAY), ExpiryStatus::Valid);
        assert_eq!(ExpiryStatus::of((2025, 12), (2026, 1)), ExpiryStatus::Expired);
    }

    #[test]
    fn an_edit_needs_a_future_expiry_a_right_length_code_and_a_name() {
        assert_eq!(update().validate(CardBrand::Visa, TODAY), Ok(()));
        let mut past = update();
        (past.expiry_year, past.expiry_month) = (2026, 2);
        assert_eq!(past.validate(CardBrand::Visa, TODAY).map_err(|e| e.field), Err(Some("expiry".into())));
        let mut code = update();
        code.security_code = Some("12".into());
        assert_eq!(code.validate(CardBrand::Visa, TODAY).map_err(|e| e.code), Err(ErrorCode::SecurityCodeInvalid));
        code.security_code = Some("123".into());
        assert_eq!(code.validate(CardBrand::Amex, TODAY).map_err(|e| e.code), Err(ErrorCode::SecurityCodeInvalid));
        code.security_code = Some(" ".into());
        assert_eq!(code.validate(CardBrand::Visa, TODAY), Ok(()), "a blank code keeps the card as it is");
        let mut name = update();
        name.name_on_card = "  ".into();
        assert_eq!(name.validate(CardBrand::Visa, TODAY).map_err(|e| e.field), Err(Some("name_on_card".into())));
    }

    #[test]
    fn debug_output_never_shows_the_security_code() {
        let mut with_code = update();
        with_code.security_code = Some("987".into());
        let shown = format!("{with_code:?}");
        assert!(!shown.contains("987") && shown.contains("[redacted]"), "{shown}");
    }
}
