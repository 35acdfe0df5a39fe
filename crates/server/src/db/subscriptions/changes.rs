//! The writes that change a subscription: created by a purchase or a trial, a new license
//! total, a trial bought, reactivated, renewed, expired.

use portal_api::subscriptions::SubscriptionStatus;
use sqlx::{Any, Transaction};
use time::Date;

/// A subscription about to be created by a purchase or a trial.
pub struct NewSubscription<'a> {
    pub organization_id: &'a str,
    pub product: &'a portal_api::products::Product,
    pub purchaser_id: &'a str,
    pub billing_profile_id: &'a str,
    pub payment_method_id: Option<&'a str>,
    pub is_trial: bool,
    pub total_licenses: i64,
    pub started_on: time::Date,
    pub term_end: time::Date,
}

/// Creates a self-service subscription: active and renewing when bought; a trial converts
/// when it ends only if it has a card. Returns its new id.
pub async fn insert(tx: &mut Transaction<'_, Any>, new: NewSubscription<'_>, now: i64) -> sqlx::Result<String> {
    let id = crate::db::new_id("sub");
    let recurring = !new.is_trial || new.payment_method_id.is_some();
    sqlx::query(
        "INSERT INTO subscriptions (id, organization_id, product_id, purchaser_id, billing_profile_id, payment_method_id,
            self_service, is_trial, status, recurring_billing, total_licenses, price_per_license_minor, currency,
            started_on, term_end_date, canceled_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8, $9, $10, $11, $12, $13, $14, NULL, $15, $15)",
    )
    .bind(&id)
    .bind(new.organization_id)
    .bind(&new.product.id)
    .bind(new.purchaser_id)
    .bind(new.billing_profile_id)
    .bind(new.payment_method_id)
    .bind(i64::from(new.is_trial))
    .bind(if new.is_trial { SubscriptionStatus::Trial } else { SubscriptionStatus::Active }.as_str())
    .bind(i64::from(recurring))
    .bind(new.total_licenses)
    .bind(new.product.price_per_license_month.amount_minor)
    .bind(&new.product.price_per_license_month.currency)
    .bind(new.started_on.to_string())
    .bind(new.term_end.to_string())
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

/// A new license total.
pub async fn set_total_licenses(tx: &mut Transaction<'_, Any>, id: &str, total: i64, now: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE subscriptions SET total_licenses = $1, updated_at = $2 WHERE id = $3")
        .bind(total)
        .bind(now)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A trial bought: paid and renewing, with this card, for a term from `started_on`.
pub struct TrialBought<'a> {
    pub total_licenses: i64,
    pub payment_method_id: &'a str,
    pub started_on: Date,
    pub term_end_date: Date,
}

/// Makes a trial a paid, renewing subscription.
pub async fn buy_trial(tx: &mut Transaction<'_, Any>, id: &str, bought: TrialBought<'_>, now: i64) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE subscriptions SET is_trial = 0, status = $1, recurring_billing = 1, total_licenses = $2,
            payment_method_id = $3, started_on = $4, term_end_date = $5, updated_at = $6 WHERE id = $7",
    )
    .bind(SubscriptionStatus::Active.as_str())
    .bind(bought.total_licenses)
    .bind(bought.payment_method_id)
    .bind(bought.started_on.to_string())
    .bind(bought.term_end_date.to_string())
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    // An expired trial's people hold its licenses again, except those who got a license of the
    // product elsewhere meanwhile: one person, one license.
    sqlx::query(
        "UPDATE license_assignments SET holding_product_id = (SELECT product_id FROM subscriptions WHERE id = $1)
         WHERE subscription_id = $1 AND holding_product_id IS NULL
           AND user_id NOT IN (
             SELECT a.user_id FROM license_assignments a
             WHERE a.holding_product_id = (SELECT product_id FROM subscriptions WHERE id = $1))",
    )
    .bind(id)
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM license_assignments WHERE subscription_id = $1 AND holding_product_id IS NULL")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Reactivates: running again (a trial as a trial) with recurring billing on, until `term_end_date`.
pub async fn reactivate(tx: &mut Transaction<'_, Any>, id: &str, term_end_date: &str, now: i64) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE subscriptions SET status = CASE WHEN is_trial = 1 THEN $1 ELSE $2 END, recurring_billing = 1,
            canceled_at = NULL, term_end_date = $3, updated_at = $4 WHERE id = $5",
    )
    .bind(SubscriptionStatus::Trial.as_str())
    .bind(SubscriptionStatus::Active.as_str())
    .bind(term_end_date)
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Renewed (or a trial converted): paid and active until `term_end_date`.
pub async fn renew(tx: &mut Transaction<'_, Any>, id: &str, term_end_date: Date, now: i64) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE subscriptions SET is_trial = 0, status = $1, term_end_date = $2, updated_at = $3 WHERE id = $4",
    )
    .bind(SubscriptionStatus::Active.as_str())
    .bind(term_end_date.to_string())
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Ended without renewal. Its assignments stay (an expired trial can still be bought) but no
/// longer count as licenses of the product.
pub async fn expire(tx: &mut Transaction<'_, Any>, id: &str, now: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE license_assignments SET holding_product_id = NULL WHERE subscription_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    sqlx::query("UPDATE subscriptions SET status = $1, recurring_billing = 0, updated_at = $2 WHERE id = $3")
        .bind(SubscriptionStatus::Expired.as_str())
        .bind(now)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
