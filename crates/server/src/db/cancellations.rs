//! Canceling a subscription: what each way of canceling writes to it, and the cancellation
//! itself (why, how, what was credited, the person's feedback).

use portal_api::purchases::PriceLines;
use portal_api::subscriptions::{CancelMode, CancelReason, SubscriptionStatus};
use sqlx::{Any, Transaction};
use time::Date;

use super::new_id;
use super::subscriptions::Locked;

/// Cancels now: the rest of the term (`credit`, from its cancellation quote) is credited to its
/// billing profile today, it ends, recurring billing is off and its licenses are released.
/// Returns what was credited, in minor units (zero or more).
pub async fn cancel_now(
    tx: &mut Transaction<'_, Any>,
    s: &Locked,
    credit: &PriceLines,
    today: Date,
    now: i64,
) -> sqlx::Result<i64> {
    let (org, profile, id) = (&s.organization_id, &s.billing_profile_id, &s.id);
    super::billing::credit(tx, org, profile, id, "canceled", credit, &today.to_string(), now).await?;
    sqlx::query("DELETE FROM license_assignments WHERE subscription_id = $1").bind(id).execute(&mut **tx).await?;
    sqlx::query(
        "UPDATE subscriptions SET status = $1, recurring_billing = 0, canceled_at = $2, updated_at = $2 WHERE id = $3",
    )
    .bind(SubscriptionStatus::Canceled.as_str())
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(-credit.total.amount_minor)
}

/// Cancels at the end of the term: recurring billing off (a trial stays a trial and will not
/// convert; a paid one is `recurring_billing_off` until its term ends).
pub async fn turn_off_recurring_billing(tx: &mut Transaction<'_, Any>, id: &str, now: i64) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE subscriptions SET recurring_billing = 0, updated_at = $1,
            status = CASE WHEN is_trial = 1 THEN status ELSE $2 END
         WHERE id = $3",
    )
    .bind(now)
    .bind(SubscriptionStatus::RecurringBillingOff.as_str())
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// One cancellation, written with the change it describes.
pub struct Cancellation<'a> {
    pub subscription_id: &'a str,
    pub organization_id: &'a str,
    /// Who canceled (the purchaser).
    pub canceled_by: &'a str,
    pub reason: CancelReason,
    /// Trimmed; `None` when empty.
    pub feedback: Option<&'a str>,
    pub mode: CancelMode,
    /// What was credited, in minor units (zero or more).
    pub credit_minor: i64,
}

/// Writes a cancellation at `now` (unix seconds).
pub async fn record(tx: &mut Transaction<'_, Any>, cancellation: Cancellation<'_>, now: i64) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO cancellations (id, subscription_id, organization_id, canceled_by, reason, feedback, mode, credit_minor, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(new_id("can"))
    .bind(cancellation.subscription_id)
    .bind(cancellation.organization_id)
    .bind(cancellation.canceled_by)
    .bind(cancellation.reason.as_str())
    .bind(cancellation.feedback)
    .bind(cancellation.mode.as_str())
    .bind(cancellation.credit_minor)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
