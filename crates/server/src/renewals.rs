//! What happens when a term ends, decided by the server's clock (a manual one in tests):
//! - a trial with a card and recurring billing on becomes a paid subscription (charged now);
//!   without them it expires;
//! - a paid subscription with recurring billing on renews for another term (charged now);
//!   with it off, it expires;
//! - a declined card expires it.
//!
//! `settle` runs before the handlers that read or change subscriptions or licenses (they take
//! the [`Settled`] extractor, for the person's organization) and every few minutes for all of
//! them, so nothing waits for a visit. Each
//! subscription is settled under its lock and the gateway charge is keyed by the term, so
//! settling twice (or at once from two places) charges once.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use portal_api::purchases::PriceLines;
use sqlx::{Any, Transaction};

use crate::auth::CurrentUser;
use crate::billing::{add_months, parse_day};
use crate::db;
use crate::db::billing::InvoiceLine;
use crate::db::subscriptions::Locked;
use crate::error::AppError;
use crate::payments::PaymentError;
use crate::state::AppState;

/// The signed-in person, after every term of their organization that has ended is settled:
/// what a handler that reads or changes subscriptions or licenses takes instead of
/// `CurrentUser` (`Settled(user): Settled`), so it sees them as they are today.
#[derive(Debug, Clone)]
pub struct Settled(pub CurrentUser);

impl FromRequestParts<AppState> for Settled {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let user = CurrentUser::from_request_parts(parts, state).await?;
        settle(state, Some(&user.0.organization_id)).await?;
        Ok(Self(user))
    }
}

/// Settles every subscription whose term has ended, in one organization or all.
pub async fn settle(state: &AppState, organization_id: Option<&str>) -> Result<(), AppError> {
    let today = state.clock.now().date().to_string();
    let due: Vec<(String, String)> = sqlx::query_as(
        "SELECT organization_id, id FROM subscriptions
         WHERE ($1 IS NULL OR organization_id = $1) AND term_end_date <= $2
           AND status IN ('active', 'trial', 'recurring_billing_off')",
    )
    .bind(organization_id)
    .bind(&today)
    .fetch_all(&state.db)
    .await?;
    for (organization_id, id) in due {
        settle_one(state, &organization_id, &id).await?;
    }
    Ok(())
}

async fn settle_one(state: &AppState, organization_id: &str, id: &str) -> Result<(), AppError> {
    let today = state.clock.now().date();
    let mut tx = state.db.begin().await?;
    let Some(s) = db::subscriptions::lock(&mut tx, organization_id, id).await? else { return Ok(()) };
    let Some(mut term_end) = parse_day(&s.term_end_date) else { return Ok(()) };
    if term_end > today || !matches!(s.status.as_str(), "active" | "trial" | "recurring_billing_off") {
        return Ok(()); // settled meanwhile
    }
    let renews = s.recurring_billing == 1 && s.payment_method_id.is_some();
    if !renews {
        return finish(tx, state, &s, "expired", "subscription.expired", serde_json::json!({})).await;
    }
    // One charge per term that has ended (usually one; more if the server was off for long).
    while term_end <= today {
        match renew_term(&mut tx, state, &s, term_end).await {
            Ok(()) => term_end = add_months(term_end, s.term_months as i32),
            Err(PaymentError::Declined) => {
                return finish(
                    tx,
                    state,
                    &s,
                    "expired",
                    "subscription.expired",
                    serde_json::json!({ "card": "declined" }),
                )
                .await;
            }
            Err(PaymentError::Unavailable(cause)) => {
                // Try again at the next settle; nothing was written.
                tracing::warn!(subscription = %s.id, %cause, "renewal postponed: payment gateway unavailable");
                return Ok(());
            }
        }
    }
    sqlx::query(
        "UPDATE subscriptions SET is_trial = 0, status = 'active', term_end_date = $1, updated_at = $2 WHERE id = $3",
    )
    .bind(term_end.to_string())
    .bind(state.clock.now_unix())
    .bind(&s.id)
    .execute(&mut *tx)
    .await?;
    let action = if s.is_trial == 1 { "subscription.trial_converted" } else { "subscription.renewed" };
    record(
        &mut tx,
        state,
        &s,
        action,
        serde_json::json!({ "status": "active", "term_end_date": term_end.to_string() }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Charges and invoices the term that starts on `term_start`.
async fn renew_term(
    tx: &mut Transaction<'static, Any>,
    state: &AppState,
    s: &Locked,
    term_start: time::Date,
) -> Result<(), PaymentError> {
    let unavailable = |e: sqlx::Error| PaymentError::Unavailable(e.to_string());
    let profile = db::billing::profile(&mut **tx, &s.organization_id, &s.billing_profile_id)
        .await
        .map_err(unavailable)?
        .ok_or_else(|| PaymentError::Unavailable("no billing profile".into()))?;
    let token = match &s.payment_method_id {
        Some(pm) => {
            db::billing::token_of(&mut **tx, &s.organization_id, &s.purchaser_id, pm).await.map_err(unavailable)?
        }
        None => None,
    }
    .ok_or(PaymentError::Declined)?;
    let per_license = s.price_per_license_minor * s.term_months;
    let price = PriceLines::with_tax(per_license * s.total_licenses, profile.tax_rate_bp, &s.currency);
    state.payments.charge(&token, &price.total, &format!("renewal:{}:{term_start}", s.id)).await?;
    db::billing::invoice(
        tx,
        &s.organization_id,
        &profile.id,
        &s.purchaser_id,
        &term_start.to_string(),
        InvoiceLine {
            subscription_id: &s.id,
            description: s.product_name.clone(),
            quantity: s.total_licenses,
            unit_price_minor: per_license,
        },
        &price,
    )
    .await
    .map_err(unavailable)?;
    Ok(())
}

async fn finish(
    mut tx: Transaction<'static, Any>,
    state: &AppState,
    s: &Locked,
    status: &str,
    action: &str,
    detail: serde_json::Value,
) -> Result<(), AppError> {
    sqlx::query("UPDATE subscriptions SET status = $1, recurring_billing = 0, updated_at = $2 WHERE id = $3")
        .bind(status)
        .bind(state.clock.now_unix())
        .bind(&s.id)
        .execute(&mut *tx)
        .await?;
    record(&mut tx, state, s, action, serde_json::json!({ "status": status, "detail": detail })).await?;
    tx.commit().await?;
    Ok(())
}

async fn record(
    tx: &mut Transaction<'static, Any>,
    state: &AppState,
    s: &Locked,
    action: &str,
    after: serde_json::Value,
) -> Result<(), AppError> {
    db::audit::record(
        tx,
        db::audit::AuditEvent {
            organization_id: &s.organization_id,
            actor_id: &s.purchaser_id,
            action,
            subject_type: "subscription",
            subject_id: &s.id,
            before: Some(serde_json::json!({ "status": s.status, "term_end_date": s.term_end_date })),
            after: Some(after),
        },
        state.clock.now_unix(),
    )
    .await?;
    Ok(())
}
