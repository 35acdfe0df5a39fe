//! What happens when a term ends, decided by the server's clock (a manual one in tests):
//! - a trial with a card and recurring billing on becomes a paid subscription (charged now);
//!   without them it expires;
//! - a paid subscription with recurring billing on renews for another term (charged now);
//!   with it off, it expires;
//! - a declined card expires it.
//!
//! `settle` runs before the handlers that read or change subscriptions or licenses (they take
//! the [`Settled`] extractor, for the person's organization) and every few minutes for all of
//! them, so nothing waits for a visit. Each subscription is settled under its lock, its charges
//! made between two locked transactions (holding no lock while the gateway answers), and each
//! gateway charge is keyed by the term, so settling twice (or at once from two places) charges
//! once.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use portal_api::purchases::PriceLines;
use portal_api::subscriptions::SubscriptionStatus;
use sqlx::{Any, Transaction};

use crate::auth::CurrentUser;
use crate::billing::add_months;
use crate::charges;
use crate::db;
use crate::db::activity::RENEWAL_SOURCE;
use crate::db::audit::Subscription::Changed;
use crate::db::charging::Charging;
use crate::db::subscriptions::{HOLDING_STATUSES, Locked};
use crate::error::AppError;
use crate::lifecycle::per_license_term;
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
    let today = state.clock.today().to_string();
    let due: Vec<(String, String)> = sqlx::query_as(&format!(
        "SELECT organization_id, id FROM subscriptions
         WHERE ($1 IS NULL OR organization_id = $1) AND term_end_date <= $2 AND status IN {HOLDING_STATUSES}"
    ))
    .bind(organization_id)
    .bind(&today)
    .fetch_all(&state.db)
    .await?;
    for (organization_id, id) in due {
        settle_one(state, &organization_id, &id).await?;
    }
    Ok(())
}

/// Settles one subscription under its lock, charging each ended term while holding none (see
/// `charges::charge_unlocked`): another settle of it, here or in another server, waits and then
/// finds it settled.
async fn settle_one(state: &AppState, organization_id: &str, id: &str) -> Result<(), AppError> {
    let today = state.clock.today();
    // Who is settling it now, so others wait; the charges are keyed by the term, not by this.
    let settling = db::new_id("renewal");
    let Some((mut tx, s)) = charges::lock_for_change(state, organization_id, id, &settling).await? else {
        return Ok(());
    };
    if s.term_end_date > today || !s.status.holds_licenses() {
        return Ok(()); // settled meanwhile
    }
    let renews = s.recurring_billing && s.payment_method_id.is_some();
    if !renews {
        return expire(tx, state, &s, serde_json::json!({})).await;
    }
    let Some(profile) = db::billing::profile(&mut *tx, &s.organization_id, &s.billing_profile_id).await? else {
        tracing::warn!(subscription = %s.id, "renewal postponed: no billing profile");
        return Ok(());
    };
    let token = match &s.payment_method_id {
        Some(pm) => db::billing::token_of(&mut *tx, &s.organization_id, &s.purchaser_id, pm).await?,
        None => None,
    };
    let Some(token) = token else {
        return expire(tx, state, &s, serde_json::json!({ "card": "declined" })).await;
    };
    let price = PriceLines::with_tax(per_license_term(&s) * s.total_licenses, profile.tax_rate_bp, &s.currency);
    let charging = Charging { key: settling.clone(), since: state.clock.now_unix(), total_licenses: s.total_licenses };
    db::charging::mark(&mut tx, &s.id, &charging).await?;
    tx.commit().await?;

    // One charge per term that has ended (usually one; more if the server was off for long).
    let (mut charged, mut term_end, mut refused) = (Vec::new(), s.term_end_date, None);
    while term_end <= today {
        match state.payments.charge(&token, &price.total, &format!("renewal:{}:{term_end}", s.id)).await {
            Ok(_) => charged.push(term_end),
            Err(error) => {
                refused = Some(error);
                break;
            }
        }
        term_end = add_months(term_end, s.term_months() as i32);
    }
    let (mut tx, ours) = charges::lock_again(state, &s, &settling).await?;
    if !ours {
        // Taken over as abandoned: the charges stay under their terms' keys for the next settle.
        tracing::warn!(subscription = %s.id, "a renewal outlived its mark; not written");
        return Ok(());
    }
    match &refused {
        Some(PaymentError::Unavailable(cause)) => {
            // Try again at the next settle; only the mark is removed. The terms charged are
            // charged once: the next settle's charges with their keys give them back.
            tracing::warn!(subscription = %s.id, %cause, "renewal postponed: payment gateway unavailable");
            tx.commit().await?;
            return Ok(());
        }
        _ => {
            for term_start in &charged {
                charges::invoice(&mut tx, &s, *term_start, s.product_name.clone(), s.total_licenses, &price).await?;
            }
        }
    }
    if refused == Some(PaymentError::Declined) {
        return expire(tx, state, &s, serde_json::json!({ "card": "declined" })).await;
    }
    let now = state.clock.now_unix();
    db::subscriptions::renew(&mut tx, &s.id, term_end, now).await?;
    let action = if s.is_trial { "subscription.trial_converted" } else { "subscription.renewed" };
    // The purchaser is named as actor (the table needs one); the marker says the clock did it.
    let after = serde_json::json!({ "status": SubscriptionStatus::Active, "term_end_date": term_end.to_string(),
                                    RENEWAL_SOURCE.0: RENEWAL_SOURCE.1 });
    db::audit::subscription_event(&mut tx, Changed(&s), &s.purchaser_id, action, after, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Ends a subscription whose term is over without renewal (`detail` says why).
async fn expire(
    mut tx: Transaction<'static, Any>,
    state: &AppState,
    s: &Locked,
    detail: serde_json::Value,
) -> Result<(), AppError> {
    let now = state.clock.now_unix();
    db::subscriptions::expire(&mut tx, &s.id, now).await?;
    let after = serde_json::json!({ "status": SubscriptionStatus::Expired, "detail": detail, RENEWAL_SOURCE.0: RENEWAL_SOURCE.1 });
    db::audit::subscription_event(&mut tx, Changed(s), &s.purchaser_id, "subscription.expired", after, now).await?;
    tx.commit().await?;
    Ok(())
}
