//! Taking money: the card a payment uses (a saved one, or a new one the gateway has just
//! tokenized), the gateway charge once per key, and the paid invoice that records a charge for
//! a subscription. Purchases, changes to a subscription and renewals share them.

use portal_api::cards::CardInput;
use portal_api::purchases::{Payment, PriceLines};
use portal_api::{ErrorCode, Money};
use sqlx::{Any, Transaction};
use time::Date;

use crate::auth::CurrentUser;
use crate::db;
use crate::db::billing::InvoiceLine;
use crate::db::subscriptions::Locked;
use crate::error::AppError;
use crate::lifecycle::per_license_term;
use crate::payments::{PaymentError, StoredCard};
use crate::state::AppState;

/// (year, month) for card expiry checks.
pub fn card_today(state: &AppState) -> (u16, u8) {
    let today = state.clock.today();
    (u16::try_from(today.year()).unwrap_or(0), today.month() as u8)
}

/// The card a payment uses: a saved one, or a new one the gateway has just tokenized (saved
/// with the purchase's transaction, so a failed purchase leaves no card behind).
pub enum Card<'a> {
    Saved { id: String, token: String },
    New { stored: StoredCard, holder: &'a CardInput },
}

impl Card<'_> {
    /// The gateway's token for the card.
    pub fn token(&self) -> &str {
        match self {
            Card::Saved { token, .. } => token,
            Card::New { stored, .. } => &stored.token,
        }
    }

    /// The payment method's id, saving a new card first.
    pub async fn save(
        &self,
        tx: &mut Transaction<'static, Any>,
        state: &AppState,
        user: &CurrentUser,
    ) -> Result<String, AppError> {
        Ok(match self {
            Card::Saved { id, .. } => id.clone(),
            Card::New { stored, holder } => {
                db::billing::save_card(
                    tx,
                    &user.0.organization_id,
                    &user.0.user_id,
                    stored,
                    holder,
                    state.clock.now_unix(),
                )
                .await?
            }
        })
    }
}

/// The card a payment names: one of the person's saved cards (422 if it is not theirs), or a
/// new card, tokenized now (402 if the gateway refuses it).
pub async fn card_for<'a>(state: &AppState, user: &CurrentUser, payment: &'a Payment) -> Result<Card<'a>, AppError> {
    match payment {
        Payment::SavedCard { payment_method_id } => {
            let token = db::billing::token_of(&state.db, &user.0.organization_id, &user.0.user_id, payment_method_id)
                .await?
                .ok_or_else(|| {
                    AppError::field(ErrorCode::PaymentMethodRequired, "payment", "Choose one of your payment methods.")
                })?;
            Ok(Card::Saved { id: payment_method_id.clone(), token })
        }
        Payment::NewCard(holder) => {
            let stored = state.payments.tokenize(holder).await.map_err(payment_failed)?;
            Ok(Card::New { stored, holder })
        }
    }
}

/// The token of the card a subscription is paid with (422 when it has none).
pub async fn card_of(tx: &mut Transaction<'static, Any>, s: &Locked) -> Result<String, AppError> {
    let token = match &s.payment_method_id {
        Some(id) => db::billing::token_of(&mut **tx, &s.organization_id, &s.purchaser_id, id).await?,
        None => None,
    };
    token.ok_or_else(|| {
        AppError::field(ErrorCode::PaymentMethodRequired, "payment", "This subscription has no payment method.")
    })
}

/// Charges `amount` once per `gateway_key`; nothing for nothing.
pub async fn charge(state: &AppState, token: &str, amount: &Money, gateway_key: &str) -> Result<(), AppError> {
    if amount.amount_minor <= 0 {
        return Ok(());
    }
    state.payments.charge(token, amount, gateway_key).await.map_err(payment_failed)?;
    Ok(())
}

fn payment_failed(error: PaymentError) -> AppError {
    match error {
        PaymentError::Declined => {
            AppError::field(ErrorCode::CardDeclined, "payment", "The card was declined. Nothing was charged.")
        }
        PaymentError::Unavailable(cause) => {
            tracing::warn!(%cause, "the payment gateway is unavailable; nothing was charged");
            AppError::from_code(
                ErrorCode::GatewayUnavailable,
                "The payment service could not be reached, so nothing was charged. Try again in a few minutes.",
            )
        }
    }
}

/// The paid invoice of a charge for `quantity` of a subscription's licenses (each at a whole
/// term's price), issued on `issued_on` to its billing profile; returns its number.
pub async fn invoice(
    tx: &mut Transaction<'static, Any>,
    s: &Locked,
    issued_on: Date,
    description: String,
    quantity: i64,
    price: &PriceLines,
) -> sqlx::Result<String> {
    let line = InvoiceLine { subscription_id: &s.id, description, quantity, unit_price_minor: per_license_term(s) };
    db::billing::invoice(
        tx,
        &s.organization_id,
        &s.billing_profile_id,
        &s.purchaser_id,
        &issued_on.to_string(),
        line,
        price,
    )
    .await
}
