//! Unassigning licenses: from people named, or from everyone matching a search.

use sqlx::{Any, AnyConnection, Connection, Transaction};

use super::seats::{lock_pool, subscription_ids};
use super::{IDS_PER_STATEMENT, OwnedPool, Pool};
use crate::db::Db;
use crate::db::audit::{self, AuditEvent};
use crate::db::placeholders;
use crate::db::search::{starts_a_word, terms_condition};
use crate::db::writer::Writer;

/// Who to unassign: named people, or everyone holding a license who matches a search.
#[derive(Debug, Clone)]
pub enum Selection {
    /// These ids; those without a license are skipped.
    People(Vec<String>),
    /// Everyone matching these folded terms (none: everyone).
    Matching(Vec<String>),
}

/// Takes the pool's licenses back from the selected people, under the same locks as
/// [`assign`]. Someone without a license is skipped, not an error. Writes one audit event per
/// subscription changed. Returns how many licenses were released, or `None` when the purchaser
/// holds no licenses of the product.
pub async fn unassign(
    db: &Db,
    writer: &Writer,
    pool: Pool<'_>,
    actor_id: &str,
    selection: &Selection,
    now: i64,
) -> sqlx::Result<Option<i64>> {
    let subscription_ids = subscription_ids(db, pool).await?;
    if subscription_ids.is_empty() {
        return Ok(None);
    }
    let owned = OwnedPool::of(pool);
    let (actor_id, selection) = (actor_id.to_owned(), selection.clone());
    writer
        .write(move |connection| {
            Box::pin(async move {
                unassign_locked(connection, owned.pool(), &actor_id, &selection, &subscription_ids, now).await
            })
        })
        .await
}

/// The part of [`unassign`] that writes, under the pool's locks.
async fn unassign_locked(
    connection: &mut AnyConnection,
    pool: Pool<'_>,
    actor_id: &str,
    selection: &Selection,
    subscription_ids: &[String],
    now: i64,
) -> sqlx::Result<Option<i64>> {
    let mut tx = connection.begin().await?;
    let subscriptions = lock_pool(&mut tx, pool, subscription_ids).await?;
    if subscriptions.is_empty() {
        return Ok(None);
    }
    let mut released = 0;
    for s in &subscriptions {
        let user_ids = selected(&mut tx, &s.id, selection).await?;
        if user_ids.is_empty() {
            continue;
        }
        for chunk in user_ids.chunks(IDS_PER_STATEMENT) {
            let sql = format!(
                "DELETE FROM license_assignments WHERE subscription_id = $1 AND user_id IN ({})",
                placeholders(2, chunk.len())
            );
            let mut query = sqlx::query(&sql).bind(&s.id);
            for id in chunk {
                query = query.bind(id);
            }
            query.execute(&mut *tx).await?;
        }
        released += user_ids.len() as i64;
        let event = AuditEvent {
            organization_id: pool.organization_id,
            actor_id,
            action: "licenses.unassigned",
            subject_type: "subscription",
            subject_id: &s.id,
            before: Some(serde_json::json!({ "assigned_licenses": s.assigned_licenses })),
            after: Some(serde_json::json!({
                "assigned_licenses": s.assigned_licenses - user_ids.len() as i64,
                "user_ids": user_ids,
            })),
        };
        audit::record(&mut tx, event, now).await?;
    }
    tx.commit().await?;
    Ok(Some(released))
}

/// The selected people holding a license of one subscription, by id.
async fn selected(
    tx: &mut Transaction<'_, Any>,
    subscription_id: &str,
    selection: &Selection,
) -> sqlx::Result<Vec<String>> {
    let rows: Vec<(String,)> = match selection {
        Selection::People(user_ids) => {
            let mut found = Vec::new();
            for chunk in user_ids.chunks(IDS_PER_STATEMENT) {
                let sql = format!(
                    "SELECT user_id FROM license_assignments WHERE subscription_id = $1 AND user_id IN ({}) ORDER BY user_id",
                    placeholders(2, chunk.len())
                );
                let mut query = sqlx::query_as::<_, (String,)>(&sql).bind(subscription_id);
                for id in chunk {
                    query = query.bind(id);
                }
                found.extend(query.fetch_all(&mut **tx).await?);
            }
            found
        }
        Selection::Matching(terms) => {
            let sql = format!(
                "SELECT a.user_id FROM license_assignments a JOIN users u ON u.id = a.user_id
                 WHERE a.subscription_id = $1{} ORDER BY a.user_id",
                terms_condition("u.search_text", terms, 2)
            );
            let mut query = sqlx::query_as::<_, (String,)>(&sql).bind(subscription_id);
            for term in terms {
                query = query.bind(starts_a_word(term));
            }
            query.fetch_all(&mut **tx).await?
        }
    };
    Ok(rows.into_iter().map(|(id,)| id).collect())
}
