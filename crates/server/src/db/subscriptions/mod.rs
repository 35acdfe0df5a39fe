//! Subscriptions: read for Billing > Your products and Licenses, locked and written by each
//! change to one. Rows are decoded into the shared types (`SubscriptionStatus`, `bool`); a
//! status the code does not know is an error, never read as another.

mod changes;
mod locked;

use portal_api::subscriptions::Subscription;
use sqlx::{Any, Transaction};

pub use changes::{NewSubscription, TrialBought, buy_trial, expire, insert, reactivate, renew, set_total_licenses};
pub use locked::Locked;
pub(in crate::db) use locked::{Row, SELECT};

use super::Db;

/// Subscription statuses whose licenses count, for `status IN …` (see
/// `SubscriptionStatus::holds_licenses`; a unit test keeps the two the same).
pub(crate) const HOLDING_STATUSES: &str = "('active', 'trial', 'recurring_billing_off')";

/// The subscriptions a person bought, newest first.
pub async fn bought_by(db: &Db, organization_id: &str, purchaser_id: &str) -> sqlx::Result<Vec<Subscription>> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE s.organization_id = $1 AND s.purchaser_id = $2 ORDER BY s.created_at DESC, s.id"
    ))
    .bind(organization_id)
    .bind(purchaser_id)
    .fetch_all(db)
    .await?;
    rows.into_iter().map(|row| Ok(Locked::try_from(row)?.seen_by(purchaser_id))).collect()
}

/// The subscription as just written, inside the transaction that wrote it, as `viewer_id` sees it.
pub async fn read_back(
    tx: &mut Transaction<'_, Any>,
    organization_id: &str,
    id: &str,
    viewer_id: &str,
) -> sqlx::Result<Subscription> {
    let s = details(&mut **tx, organization_id, id).await?.ok_or(sqlx::Error::RowNotFound)?;
    Ok(s.seen_by(viewer_id))
}

/// Takes the lock that serializes every change to one subscription (its license total, its
/// assignments, its status), then reads it. Call it as the transaction's FIRST statement: the
/// guarded write of [`super::lock_row`], `UPDATE subscriptions SET updated_at = updated_at`, so
/// "check the count, then write" is one step, whatever arrives at once. `None`: the
/// organization has no such subscription.
pub async fn lock(tx: &mut Transaction<'_, Any>, organization_id: &str, id: &str) -> sqlx::Result<Option<Locked>> {
    if !super::lock_row(tx, "subscriptions", "updated_at", organization_id, id).await? {
        return Ok(None);
    }
    details(&mut **tx, organization_id, id).await
}

/// The same as [`lock`] reads, without locking: for what is shown, and prices shown before a change.
pub async fn details<'e, E>(executor: E, organization_id: &str, id: &str) -> sqlx::Result<Option<Locked>>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    let row: Option<Row> = sqlx::query_as(&format!("{SELECT} WHERE s.organization_id = $1 AND s.id = $2"))
        .bind(organization_id)
        .bind(id)
        .fetch_optional(executor)
        .await?;
    row.map(Locked::try_from).transpose()
}

/// Whether a person's trial of a product is used up: they have (or had) a trial of it, or
/// have it bought and running. A trial is once.
pub async fn trial_used<'e, E>(
    executor: E,
    organization_id: &str,
    purchaser_id: &str,
    product_id: &str,
) -> sqlx::Result<bool>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    let found: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM subscriptions WHERE organization_id = $1 AND purchaser_id = $2 AND product_id = $3
           AND (is_trial = 1 OR status IN {HOLDING_STATUSES})"
    ))
    .bind(organization_id)
    .bind(purchaser_id)
    .bind(product_id)
    .fetch_one(executor)
    .await?;
    Ok(found > 0)
}

#[cfg(test)]
mod tests {
    use portal_api::subscriptions::SubscriptionStatus;

    use super::*;

    #[test]
    fn the_holding_statuses_in_sql_are_those_that_hold_licenses() {
        let holding: Vec<String> = SubscriptionStatus::ALL
            .into_iter()
            .filter(|status| status.holds_licenses())
            .map(|status| format!("'{}'", status.as_str()))
            .collect();
        assert_eq!(HOLDING_STATUSES, format!("({})", holding.join(", ")));
    }
}
