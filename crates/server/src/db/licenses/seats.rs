//! The seat checks: which subscriptions of a pool are locked, in which order, how many of their
//! licenses are free, who already holds one, and writing the licenses given.

use std::collections::BTreeMap;

use sqlx::{Any, Transaction};

use super::{Pool, Refusal};
use crate::db::Db;
use crate::db::audit::{self, AuditEvent};
use crate::db::placeholders;
use crate::db::subscriptions::{self, HOLDING_STATUSES, Locked};

/// Gives each person a license from the locked `subscriptions`, in their order, all or
/// nothing: refused with the free count when fewer are free than people. One audit event
/// (`licenses.assigned`) per subscription changed. The caller has checked that nobody already
/// holds a license of the product.
pub(super) async fn fill(
    tx: &mut Transaction<'_, Any>,
    subscriptions: &[Locked],
    actor_id: &str,
    user_ids: &[String],
    now: i64,
) -> sqlx::Result<Result<(), Refusal>> {
    let available = free_of(subscriptions);
    if available < user_ids.len() as i64 {
        return Ok(Err(Refusal::NotEnoughLicenses(available)));
    }
    let mut waiting = user_ids;
    for s in subscriptions {
        let free = (s.seats() - s.assigned_licenses).max(0) as usize;
        let (now_assigned, rest) = waiting.split_at(free.min(waiting.len()));
        waiting = rest;
        if now_assigned.is_empty() {
            continue;
        }
        insert_assignments(tx, s, actor_id, now_assigned, now).await?;
        let event = AuditEvent {
            organization_id: &s.organization_id,
            actor_id,
            action: "licenses.assigned",
            subject_type: "subscription",
            subject_id: &s.id,
            before: Some(serde_json::json!({ "assigned_licenses": s.assigned_licenses })),
            after: Some(serde_json::json!({
                "assigned_licenses": s.assigned_licenses + now_assigned.len() as i64,
                "user_ids": now_assigned,
            })),
        };
        audit::record(tx, event, now).await?;
    }
    Ok(Ok(()))
}

/// Licenses free to assign over some subscriptions.
fn free_of(subscriptions: &[Locked]) -> i64 {
    subscriptions.iter().map(|s| (s.seats() - s.assigned_licenses).max(0)).sum()
}

/// The organization's own (admin-managed, not self-service) subscriptions of a product that
/// hold licenses, in id order (the lock order): where approved license requests take licenses.
pub async fn organization_subscription_ids<'e, E>(
    executor: E,
    organization_id: &str,
    product_id: &str,
) -> sqlx::Result<Vec<String>>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    let rows: Vec<(String,)> = sqlx::query_as(&format!(
        "SELECT id FROM subscriptions
         WHERE organization_id = $1 AND product_id = $2 AND self_service = 0 AND status IN {HOLDING_STATUSES}
         ORDER BY id"
    ))
    .bind(organization_id)
    .bind(product_id)
    .fetch_all(executor)
    .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// Free licenses of a product over the organization's own subscriptions of it (read, not locked).
pub async fn organization_free(db: &Db, organization_id: &str, product_id: &str) -> sqlx::Result<i64> {
    let mut free = 0;
    for id in organization_subscription_ids(db, organization_id, product_id).await? {
        if let Some(s) = subscriptions::details(db, organization_id, &id).await? {
            free += (s.seats() - s.assigned_licenses).max(0);
        }
    }
    Ok(free)
}

/// The ids of the pool's subscriptions that hold licenses and that its purchaser still
/// controls (none an admin has taken control of), in id order (the lock order).
pub(super) async fn subscription_ids(db: &Db, pool: Pool<'_>) -> sqlx::Result<Vec<String>> {
    let rows: Vec<(String,)> = sqlx::query_as(&format!(
        "SELECT id FROM subscriptions
         WHERE organization_id = $1 AND purchaser_id = $2 AND product_id = $3 AND status IN {HOLDING_STATUSES}
           AND managed_by IS NULL
         ORDER BY id"
    ))
    .bind(pool.organization_id)
    .bind(pool.purchaser_id)
    .bind(pool.product_id)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// Locks the subscriptions (the transaction's first statements), in id order, and keeps those
/// that still belong to the pool, hold licenses and are not taken over (one may have been
/// canceled or taken over meanwhile).
pub(super) async fn lock_pool(
    tx: &mut Transaction<'_, Any>,
    pool: Pool<'_>,
    ids: &[String],
) -> sqlx::Result<Vec<Locked>> {
    let mut locked = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(s) = subscriptions::lock(tx, pool.organization_id, id).await?
            && s.purchaser_id == pool.purchaser_id
            && s.product_id == pool.product_id
            && s.status.holds_licenses()
            && !s.managed_by_admin()
        {
            locked.push(s);
        }
    }
    Ok(locked)
}

/// The people of the organization among `user_ids`: id → name.
pub(crate) async fn people_of(
    db: &Db,
    organization_id: &str,
    user_ids: &[String],
) -> sqlx::Result<BTreeMap<String, String>> {
    // By id alone, then the organization checked here: with `organization_id = $1` in the
    // query, SQLite prefers the organization's index and reads all its people.
    let sql = format!(
        "SELECT id, organization_id, display_name FROM users WHERE id IN ({})",
        placeholders(1, user_ids.len())
    );
    let mut query = sqlx::query_as::<_, (String, String, String)>(&sql);
    for id in user_ids {
        query = query.bind(id);
    }
    let rows = query.fetch_all(db).await?;
    Ok(rows
        .into_iter()
        .filter(|(_, organization, _)| organization == organization_id)
        .map(|(id, _, name)| (id, name))
        .collect())
}

/// Those among `user_ids` who already hold a license of the product in the organization,
/// from anyone's subscription: one person, one license of a product.
pub(crate) async fn holders_of_product<'e, E>(
    executor: E,
    organization_id: &str,
    product_id: &str,
    user_ids: &[String],
) -> sqlx::Result<Vec<String>>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    let sql = format!(
        "SELECT DISTINCT a.user_id FROM license_assignments a JOIN subscriptions s ON s.id = a.subscription_id
         WHERE s.organization_id = $1 AND s.product_id = $2 AND s.status IN {HOLDING_STATUSES}
           AND a.user_id IN ({})
         ORDER BY a.user_id",
        placeholders(3, user_ids.len())
    );
    let mut query = sqlx::query_as::<_, (String,)>(&sql).bind(organization_id).bind(product_id);
    for id in user_ids {
        query = query.bind(id);
    }
    Ok(query.fetch_all(executor).await?.into_iter().map(|(id,)| id).collect())
}

async fn insert_assignments(
    tx: &mut Transaction<'_, Any>,
    s: &Locked,
    actor_id: &str,
    user_ids: &[String],
    now: i64,
) -> sqlx::Result<()> {
    let values: Vec<String> = (0..user_ids.len()).map(|i| format!("($1, ${}, $2, $3, $4, $5)", i + 6)).collect();
    let sql = format!(
        "INSERT INTO license_assignments (subscription_id, user_id, organization_id, assigned_by, assigned_at, holding_product_id)
         VALUES {}",
        values.join(", ")
    );
    let mut query = sqlx::query(&sql).bind(&s.id).bind(&s.organization_id).bind(actor_id).bind(now).bind(&s.product_id);
    for id in user_ids {
        query = query.bind(id);
    }
    query.execute(&mut **tx).await?;
    Ok(())
}
