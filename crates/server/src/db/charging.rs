//! A change's charge in flight: the mark a change leaves on a subscription while the payment
//! gateway answers, so the charge holds no lock (see `crate::charges::charge_unlocked`).

use sqlx::{Any, Transaction};

/// A charge at the gateway for a change to a subscription.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Charging {
    /// The gateway's idempotency key for the charge: who is charging.
    pub key: String,
    /// When the mark was made (unix seconds).
    pub since: i64,
    /// The license total the change will set.
    pub total_licenses: i64,
}

impl Charging {
    /// The mark as the database keeps it (all three columns set, or none).
    pub(super) fn of(key: Option<String>, since: Option<i64>, total_licenses: Option<i64>) -> Option<Self> {
        Some(Self { key: key?, since: since?, total_licenses: total_licenses? })
    }
}

/// Marks a locked subscription with the charge a change is about to make.
pub async fn mark(tx: &mut Transaction<'_, Any>, subscription_id: &str, charging: &Charging) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE subscriptions SET charging_key = $1, charging_since = $2, charging_total_licenses = $3 WHERE id = $4",
    )
    .bind(&charging.key)
    .bind(charging.since)
    .bind(charging.total_licenses)
    .bind(subscription_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Removes a locked subscription's mark: the charge is written, or did not happen.
pub async fn clear(tx: &mut Transaction<'_, Any>, subscription_id: &str) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE subscriptions SET charging_key = NULL, charging_since = NULL, charging_total_licenses = NULL
         WHERE id = $1",
    )
    .bind(subscription_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
