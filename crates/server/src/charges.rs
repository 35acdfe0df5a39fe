//! Taking money: the card a payment uses (a saved one, or a new one the gateway has just
//! tokenized), the gateway charge once per key, made while no lock is held, and the paid
//! invoice that records a charge for a subscription. Purchases, changes to a subscription and
//! renewals share them.

use std::time::{Duration, Instant};

use portal_api::cards::CardInput;
use portal_api::purchases::{Payment, PriceLines};
use portal_api::{ErrorCode, Money};
use sqlx::{Any, Transaction};
use time::Date;

use crate::auth::CurrentUser;
use crate::db;
use crate::db::billing::InvoiceLine;
use crate::db::charging::Charging;
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

/// The tax rate of the billing profile the subscription is invoiced on.
pub async fn tax_rate_of<'e, E>(executor: E, s: &Locked) -> Result<i64, AppError>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    match db::billing::profile(executor, &s.organization_id, &s.billing_profile_id).await? {
        Some(profile) => Ok(profile.tax_rate_bp),
        None => Err(AppError::internal(format!("subscription {} has no billing profile", s.id))),
    }
}

/// Charges `amount` once per `gateway_key`; nothing for nothing. Call it holding no lock
/// (a purchase, before its transaction), or through [`charge_unlocked`].
pub async fn charge(state: &AppState, token: &str, amount: &Money, gateway_key: &str) -> Result<(), AppError> {
    if amount.amount_minor <= 0 {
        return Ok(());
    }
    state.payments.charge(token, amount, gateway_key).await.map_err(payment_failed)?;
    Ok(())
}

/// How long a change waits for another change's charge to the same subscription.
const WAIT_FOR_CHARGE: Duration = Duration::from_secs(10);

/// Locks a subscription for a change whose charge (if it makes one) is keyed `gateway_key`, in
/// a new transaction whose first statement is the lock (`db::subscriptions::lock`). While
/// another change's charge to it is at the gateway, it waits, holding nothing, until that
/// change has written, so it sees the subscription as that change left it (after 10 s: 409
/// `request_in_progress`). A mark older than `Config::abandoned_request_after` was left by a
/// server that stopped, and is ignored; a mark with `gateway_key` is this change's own, left by
/// an earlier try of it, and is taken over. `None`: the organization has no such subscription.
pub async fn lock_for_change(
    state: &AppState,
    organization_id: &str,
    id: &str,
    gateway_key: &str,
) -> Result<Option<(Transaction<'static, Any>, Locked)>, AppError> {
    let waited_since = Instant::now();
    loop {
        let mut tx = state.db.begin().await?;
        let Some(s) = db::subscriptions::lock(&mut tx, organization_id, id).await? else { return Ok(None) };
        match &s.charging {
            Some(charging) if charging.key != gateway_key && !abandoned(state, charging) => tx.rollback().await?,
            _ => return Ok(Some((tx, s))),
        }
        if waited_since.elapsed() > WAIT_FOR_CHARGE {
            return Err(still_charging());
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Whether a mark is older than a request may run: its server stopped before clearing it.
fn abandoned(state: &AppState, charging: &Charging) -> bool {
    let after = i64::try_from(state.config.abandoned_request_after.as_secs()).unwrap_or(i64::MAX);
    charging.since < state.clock.now_unix().saturating_sub(after)
}

/// Charges `amount` once per `gateway_key` for a change to `s` (locked in `tx`) without holding
/// the lock while the gateway answers: marks `s` with the charge and the license total the
/// change sets (`total_licenses`), commits, charges, then locks `s` again in a new transaction
/// and returns it for the change's writes, the mark cleared in it (it goes when they commit).
/// Meanwhile other changes to `s` wait (`lock_for_change`) and assignments go on within
/// `Locked::seats`, so the decision made under the first lock still holds when it is written.
/// If the charge fails, the mark is removed and nothing else is written. Nothing to charge:
/// `tx` comes back as it was.
pub async fn charge_unlocked(
    state: &AppState,
    mut tx: Transaction<'static, Any>,
    s: &Locked,
    token: &str,
    amount: &Money,
    gateway_key: &str,
    total_licenses: i64,
) -> Result<Transaction<'static, Any>, AppError> {
    if amount.amount_minor <= 0 {
        return Ok(tx);
    }
    let charging = Charging { key: gateway_key.to_owned(), since: state.clock.now_unix(), total_licenses };
    db::charging::mark(&mut tx, &s.id, &charging).await?;
    tx.commit().await?;
    let charged = state.payments.charge(token, amount, gateway_key).await;
    let (tx, ours) = lock_again(state, s, gateway_key).await?;
    match charged {
        Err(error) => {
            tx.commit().await?;
            Err(payment_failed(error))
        }
        Ok(_) if ours => Ok(tx),
        Ok(_) => {
            // Only after `abandoned_request_after`: the charge stays at the gateway under its
            // key, and a retry of this request (same key) gets it back and writes it.
            tracing::warn!(subscription = %s.id, gateway_key, "a charge outlived its mark; not written");
            Err(still_charging())
        }
    }
}

/// Locks `s` again after its charge, and clears its mark if it is still the one `gateway_key`
/// made (whether it is, is the second value).
pub(crate) async fn lock_again(
    state: &AppState,
    s: &Locked,
    gateway_key: &str,
) -> Result<(Transaction<'static, Any>, bool), AppError> {
    let mut tx = state.db.begin().await?;
    let now = db::subscriptions::lock(&mut tx, &s.organization_id, &s.id).await?;
    let ours = now.and_then(|now| now.charging).is_some_and(|charging| charging.key == gateway_key);
    if ours {
        db::charging::clear(&mut tx, &s.id).await?;
    }
    Ok((tx, ours))
}

fn still_charging() -> AppError {
    AppError::from_code(
        ErrorCode::RequestInProgress,
        "Another change to this subscription is being charged. Wait a moment, then try again.",
    )
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
