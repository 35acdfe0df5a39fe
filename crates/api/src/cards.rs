//! Card details as a person types them, and the checks made before any payment call: the same
//! checks on the page and on the server. Card numbers and security codes only pass through:
//! they are never stored or logged, and `Debug` does not print them.

use serde::{Deserialize, Serialize};

use crate::error::{ApiError, ErrorCode};
use crate::text;

/// A new card, typed into the Add a payment method pane or inline at checkout.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CardInput {
    /// The card number, 12 to 19 digits with a valid checksum; spaces and dashes are allowed.
    #[cfg_attr(feature = "openapi", schema(pattern = "^[0-9][0-9 -]{10,38}[0-9]$"))]
    pub number: String,
    /// The 3 or 4 digit security code (4 for American Express).
    #[cfg_attr(feature = "openapi", schema(pattern = "^[0-9]{3,4}$"))]
    pub security_code: String,
    /// Expiry month, 1 to 12.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 12))]
    pub expiry_month: u8,
    /// Expiry year, four digits: this year to 20 years ahead.
    #[cfg_attr(feature = "openapi", schema(minimum = 2000, maximum = 2100))]
    pub expiry_year: u16,
    /// The name printed on the card.
    pub name_on_card: String,
    /// The billing address.
    pub address: Address,
}

/// A billing address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Address {
    /// Street and number.
    pub line1: String,
    /// Apartment, floor, c/o (optional).
    #[serde(default)]
    pub line2: Option<String>,
    /// City.
    pub city: String,
    /// Postal code.
    pub postal_code: String,
    /// ISO 3166-1 alpha-2 country code, e.g. `NL`.
    #[cfg_attr(feature = "openapi", schema(pattern = "^[A-Z]{2}$"))]
    pub country: String,
}

impl std::fmt::Debug for CardInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CardInput")
            .field("number", &"[redacted]")
            .field("security_code", &"[redacted]")
            .field("expiry_month", &self.expiry_month)
            .field("expiry_year", &self.expiry_year)
            .field("name_on_card", &self.name_on_card)
            .field("address", &self.address)
            .finish()
    }
}

/// Card brands the portal accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CardBrand {
    /// Visa (4…).
    Visa,
    /// Mastercard (51–55, 2221–2720).
    Mastercard,
    /// American Express (34, 37).
    Amex,
}

/// Longest name on a card or address line we accept.
pub const TEXT_MAX_CHARS: usize = 100;

impl CardInput {
    /// A well-formed card with this number (expiry 12/2028, code 123 or 1234 for Amex, an
    /// Amsterdam address), for tests and demos, e.g. with the test cards the gateway knows.
    pub fn sample(number: &str) -> Self {
        let amex = brand_of(&number.replace([' ', '-'], "")) == Some(CardBrand::Amex);
        CardInput {
            number: number.into(),
            security_code: if amex { "1234" } else { "123" }.into(),
            expiry_month: 12,
            expiry_year: 2028,
            name_on_card: "Megan Bowen".into(),
            address: Address {
                line1: "Herengracht 182".into(),
                line2: None,
                city: "Amsterdam".into(),
                postal_code: "1016 BR".into(),
                country: "NL".into(),
            },
        }
    }

    /// The number's digits, without the spaces and dashes people type.
    pub fn digits(&self) -> String {
        self.number.chars().filter(|c| !matches!(c, ' ' | '-')).collect()
    }

    /// The last four digits, the only part of the number that is kept.
    pub fn last4(&self) -> String {
        let digits = self.digits();
        digits[digits.len().saturating_sub(4)..].to_owned()
    }

    /// The brand the number belongs to, if it is one we accept.
    pub fn brand(&self) -> Option<CardBrand> {
        brand_of(&self.digits())
    }

    /// Checks everything that can be checked without the payment gateway, in the order the
    /// fields appear. `today` is (year, month): a card is valid through its expiry month.
    pub fn validate(&self, today: (u16, u8)) -> Result<(), ApiError> {
        let digits = self.digits();
        if digits.is_empty() {
            return Err(ApiError::field(ErrorCode::Required, "number", "Enter the card number."));
        }
        if !digits.chars().all(|c| c.is_ascii_digit())
            || !(12..=19).contains(&digits.len())
            || !luhn_valid(&digits)
            || brand_of(&digits).is_none()
        {
            return Err(ApiError::field(ErrorCode::CardNumberInvalid, "number", "Check the card number."));
        }
        validate_expiry(self.expiry_month, self.expiry_year, today)?;
        let code_len = if brand_of(&digits) == Some(CardBrand::Amex) { 4 } else { 3 };
        if self.security_code.len() != code_len || !self.security_code.chars().all(|c| c.is_ascii_digit()) {
            return Err(ApiError::field(ErrorCode::SecurityCodeInvalid, "security_code", "Check the security code."));
        }
        validate_holder(&self.name_on_card, &self.address)
    }
}

/// A card is valid through its expiry month, and no card is issued for more than 20 years.
pub fn validate_expiry(month: u8, year: u16, today: (u16, u8)) -> Result<(), ApiError> {
    if !(1..=12).contains(&month) || (year, month) < today {
        return Err(ApiError::field(ErrorCode::CardExpired, "expiry", "The card has expired."));
    }
    if year > today.0 + 20 {
        return Err(ApiError::field(ErrorCode::CardExpired, "expiry", "Check the expiry date."));
    }
    Ok(())
}

/// The name and address checks every card form makes (Add a payment method, checkout, Edit):
/// the one text rule for each line, ISO 3166 for the country.
pub fn validate_holder(name_on_card: &str, address: &Address) -> Result<(), ApiError> {
    text::required(name_on_card, "name_on_card", TEXT_MAX_CHARS)?;
    address.validate()
}

impl Address {
    /// Checks each line by the one text rule, and the country against ISO 3166.
    pub fn validate(&self) -> Result<(), ApiError> {
        text::required(&self.line1, "address_line1", TEXT_MAX_CHARS)?;
        text::optional(self.line2.as_deref(), "address_line2", TEXT_MAX_CHARS)?;
        text::required(&self.city, "city", TEXT_MAX_CHARS)?;
        text::required(&self.postal_code, "postal_code", TEXT_MAX_CHARS)?;
        if !text::is_country_code(&self.country) {
            return Err(ApiError::field(ErrorCode::Required, "country", "Choose a country."));
        }
        Ok(())
    }
}

/// The Luhn checksum every card number carries, which catches most typing mistakes.
pub fn luhn_valid(digits: &str) -> bool {
    let mut sum = 0;
    for (i, c) in digits.chars().rev().enumerate() {
        let Some(mut d) = c.to_digit(10) else { return false };
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    !digits.is_empty() && sum % 10 == 0
}

/// The brand of a card number, by its leading digits.
pub fn brand_of(digits: &str) -> Option<CardBrand> {
    let prefix = |n: usize| digits.get(..n).and_then(|p| p.parse::<u32>().ok());
    match (prefix(1), prefix(2), prefix(4)) {
        (Some(4), _, _) => Some(CardBrand::Visa),
        (_, Some(51..=55), _) | (_, _, Some(2221..=2720)) => Some(CardBrand::Mastercard),
        (_, Some(34 | 37), _) => Some(CardBrand::Amex),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(number: &str) -> CardInput {
        CardInput::sample(number)
    }

    const TODAY: (u16, u8) = (2026, 11);

    #[test]
    fn the_test_cards_pass_the_checks() {
        for number in ["4242 4242 4242 4242", "4000-0000-0000-0002", "5555555555554444"] {
            assert_eq!(card(number).validate(TODAY), Ok(()), "{number}");
        }
        assert_eq!(card("4242 4242 4242 4242").last4(), "4242");
        assert_eq!(card("4242 4242 4242 4242").brand(), Some(CardBrand::Visa));
    }

    #[test]
    fn a_number_failing_luhn_is_refused_before_any_payment_call() {
        let err = card("4242 4242 4242 4241").validate(TODAY).expect_err("refused");
        assert_eq!((err.code, err.field.as_deref()), (ErrorCode::CardNumberInvalid, Some("number")));
        assert!(!luhn_valid("4242424242424241"));
        assert!(luhn_valid("4242424242424242"));
    }

    #[test]
    fn an_expired_card_is_refused_but_the_current_month_is_fine() {
        let mut c = card("4242424242424242");
        (c.expiry_year, c.expiry_month) = (2026, 10);
        assert_eq!(c.validate(TODAY).expect_err("expired").code, ErrorCode::CardExpired);
        (c.expiry_year, c.expiry_month) = (2026, 11);
        assert_eq!(c.validate(TODAY), Ok(()));
    }

    #[test]
    fn the_security_code_has_the_brands_length() {
        let mut c = card("4242424242424242");
        c.security_code = "12".into();
        assert_eq!(c.validate(TODAY).expect_err("short").code, ErrorCode::SecurityCodeInvalid);
        assert_eq!(card("378282246310005").validate(TODAY), Ok(()), "Amex has a 4-digit code");
    }

    #[test]
    fn debug_output_never_shows_the_number_or_security_code() {
        let shown = format!("{:?}", card("4242 4242 4242 4242"));
        assert!(!shown.contains("4242 4242") && !shown.contains("123"), "{shown}");
    }
}
