//! Payments behind an interface. The portal asks a gateway to turn a card into a token and to
//! charge a token; it keeps only the token, brand, last 4 digits and expiry. A real gateway
//! implements `PaymentGateway` with its HTTP API; `TestGateway` is the built-in one for local
//! use and tests.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;

use portal_api::Money;
use portal_api::cards::{CardBrand, CardInput};

/// A boxed future, so gateways can be chosen at run time (`Arc<dyn PaymentGateway>`).
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// What the gateway gives back for a card, and all the portal keeps of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCard {
    /// The gateway's reusable reference to the card.
    pub token: String,
    /// The card's brand.
    pub brand: CardBrand,
    /// The last four digits, to show which card it is.
    pub last4: String,
    /// Expiry month.
    pub expiry_month: u8,
    /// Expiry year.
    pub expiry_year: u16,
}

/// A completed charge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Charge {
    /// The gateway's id for it.
    pub id: String,
}

/// Why a payment did not happen. Nothing was charged in either case.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PaymentError {
    /// The issuer said no.
    #[error("the card was declined")]
    Declined,
    /// The gateway could not be reached or failed; safe to retry with the same key.
    #[error("the payment gateway is unavailable: {0}")]
    Unavailable(String),
}

/// A payment gateway.
pub trait PaymentGateway: Send + Sync + 'static {
    /// Turns a card into a token. The card number and security code go to the gateway and
    /// nowhere else.
    fn tokenize<'a>(&'a self, card: &'a CardInput) -> BoxFuture<'a, Result<StoredCard, PaymentError>>;

    /// Charges a token. The same `idempotency_key` never charges twice: a repeat returns the
    /// first charge.
    fn charge<'a>(
        &'a self,
        token: &'a str,
        amount: &'a Money,
        idempotency_key: &'a str,
    ) -> BoxFuture<'a, Result<Charge, PaymentError>>;
}

/// The well-known test card that is always declined.
pub const DECLINED_TEST_CARD: &str = "4000000000000002";
/// The well-known test card that can be saved but whose charges are declined (a card on file
/// that stops working).
pub const DECLINES_WHEN_CHARGED_TEST_CARD: &str = "4000000000000341";

/// The built-in gateway: every valid card is accepted, except the two well-known test cards
/// above. Charges are remembered per idempotency key, as a real gateway does.
#[derive(Default)]
pub struct TestGateway {
    charges: Mutex<HashMap<String, Charge>>,
}

const DECLINED_TOKEN_PREFIX: &str = "tok_test_declined_";

impl PaymentGateway for TestGateway {
    fn tokenize<'a>(&'a self, card: &'a CardInput) -> BoxFuture<'a, Result<StoredCard, PaymentError>> {
        Box::pin(async move {
            let digits = card.digits();
            let brand = card.brand().ok_or(PaymentError::Declined)?;
            if digits == DECLINED_TEST_CARD {
                return Err(PaymentError::Declined);
            }
            let prefix = if digits == DECLINES_WHEN_CHARGED_TEST_CARD { DECLINED_TOKEN_PREFIX } else { "tok_test_" };
            Ok(StoredCard {
                token: format!("{prefix}{}", hex::encode(rand::random::<[u8; 12]>())),
                brand,
                last4: card.last4(),
                expiry_month: card.expiry_month,
                expiry_year: card.expiry_year,
            })
        })
    }

    fn charge<'a>(
        &'a self,
        token: &'a str,
        amount: &'a Money,
        idempotency_key: &'a str,
    ) -> BoxFuture<'a, Result<Charge, PaymentError>> {
        Box::pin(async move {
            if token.starts_with(DECLINED_TOKEN_PREFIX) || amount.amount_minor < 0 {
                return Err(PaymentError::Declined);
            }
            let mut charges = self.charges.lock().map_err(|_| PaymentError::Unavailable("lock poisoned".into()))?;
            let charge = charges
                .entry(idempotency_key.to_owned())
                .or_insert_with(|| Charge { id: format!("ch_test_{}", hex::encode(rand::random::<[u8; 12]>())) });
            Ok(charge.clone())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(number: &str) -> CardInput {
        CardInput::sample(number)
    }

    fn eur(amount_minor: i64) -> Money {
        Money { amount_minor, currency: "EUR".into() }
    }

    #[tokio::test]
    async fn the_success_card_becomes_a_token_keeping_only_brand_last4_and_expiry() {
        let stored = TestGateway::default().tokenize(&card("4242 4242 4242 4242")).await.expect("accepted");
        assert!(stored.token.starts_with("tok_test_"));
        assert!(!stored.token.contains("4242"));
        assert_eq!(
            (stored.brand, stored.last4.as_str(), stored.expiry_month, stored.expiry_year),
            (CardBrand::Visa, "4242", 12, 2028)
        );
    }

    #[tokio::test]
    async fn the_declined_test_card_is_declined() {
        let result = TestGateway::default().tokenize(&card("4000 0000 0000 0002")).await;
        assert_eq!(result, Err(PaymentError::Declined));
    }

    #[tokio::test]
    async fn a_card_that_declines_when_charged_can_be_saved_but_not_charged() {
        let gateway = TestGateway::default();
        let stored = gateway.tokenize(&card("4000 0000 0000 0341")).await.expect("saved");
        assert_eq!(gateway.charge(&stored.token, &eur(1400), "key").await, Err(PaymentError::Declined));
    }

    #[tokio::test]
    async fn one_idempotency_key_charges_once() {
        let gateway = TestGateway::default();
        let token = gateway.tokenize(&card("4242424242424242")).await.expect("accepted").token;
        let first = gateway.charge(&token, &eur(1400), "key-1").await.expect("charged");
        let again = gateway.charge(&token, &eur(1400), "key-1").await.expect("replayed");
        let other = gateway.charge(&token, &eur(1400), "key-2").await.expect("charged");
        assert_eq!(first, again);
        assert_ne!(first, other);
    }
}
