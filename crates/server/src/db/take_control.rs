//! Take control and Move users in SQL: marking a subscription as taken over by an admin, the
//! organization subscriptions its people can move to, and moving every license of one
//! subscription to another in the transaction that holds both subscriptions' locks.

use sqlx::{Any, Transaction};

use super::subscriptions::{HOLDING_STATUSES, Locked, Row, SELECT};

/// Marks `id` as taken over by `admin_id` (the caller holds its lock).
pub async fn take(tx: &mut Transaction<'_, Any>, id: &str, admin_id: &str, now: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE subscriptions SET managed_by = $1, managed_at = $2, updated_at = $2 WHERE id = $3")
        .bind(admin_id)
        .bind(now)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The organization's own (not self-service) subscriptions of a product that hold licenses,
/// by id: where Move users can take people.
pub async fn targets<'e, E>(executor: E, organization_id: &str, product_id: &str) -> sqlx::Result<Vec<Locked>>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE s.organization_id = $1 AND s.product_id = $2 AND s.self_service = 0
           AND s.status IN {HOLDING_STATUSES} ORDER BY s.id"
    ))
    .bind(organization_id)
    .bind(product_id)
    .fetch_all(executor)
    .await?;
    rows.into_iter().map(Locked::try_from).collect()
}

/// The people holding `from`'s licenses who do not hold one of `to` already, by id: who Move
/// users moves (and the free licenses of `to` it needs).
pub async fn people_to_move(tx: &mut Transaction<'_, Any>, from: &str, to: &str) -> sqlx::Result<Vec<String>> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT a.user_id FROM license_assignments a
         WHERE a.subscription_id = $1
           AND NOT EXISTS (SELECT 1 FROM license_assignments t WHERE t.subscription_id = $2 AND t.user_id = a.user_id)
         ORDER BY a.user_id",
    )
    .bind(from)
    .bind(to)
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// Moves every license of `from` to `to` in one statement, so nobody is without a license
/// for a moment and no seat counts twice: each row changes subscription, assigned by the
/// admin now. Someone already holding one of `to` (never written, but possible in old data)
/// keeps that one; `from`'s is released when it is canceled. Returns how many moved.
pub async fn move_licenses(
    tx: &mut Transaction<'_, Any>,
    from: &str,
    to: &str,
    admin_id: &str,
    now: i64,
) -> sqlx::Result<i64> {
    let moved = sqlx::query(
        "UPDATE license_assignments SET subscription_id = $1, assigned_by = $2, assigned_at = $3
         WHERE subscription_id = $4
           AND NOT EXISTS (SELECT 1 FROM license_assignments t WHERE t.subscription_id = $1
                           AND t.user_id = license_assignments.user_id)",
    )
    .bind(to)
    .bind(admin_id)
    .bind(now)
    .bind(from)
    .execute(&mut **tx)
    .await?;
    Ok(moved.rows_affected() as i64)
}
