//! Assigning licenses: a purchaser's (through the writer) and an approved license request's
//! (from the organization's own subscriptions), under the subscriptions' locks.

use std::collections::BTreeMap;

use sqlx::{Any, AnyConnection, Connection, Transaction};

use super::seats::{fill, holders_of_product, lock_pool, organization_subscription_ids, people_of, subscription_ids};
use super::{OwnedPool, Pool, Refusal, is_second_license};
use crate::db::Db;
use crate::db::subscriptions;
use crate::db::writer::Writer;

/// Gives each person a license of the pool's product, all or nothing. The pool's subscriptions
/// are locked first, in id order (the license-total change takes the same locks), so the
/// count checked is the count written: whatever arrives at once, no more are assigned than
/// bought. Licenses are taken from the subscriptions in id order. Writes one audit event per
/// subscription changed. Returns how many were assigned (all of them).
pub async fn assign(
    db: &Db,
    writer: &Writer,
    pool: Pool<'_>,
    actor_id: &str,
    user_ids: &[String],
    now: i64,
) -> sqlx::Result<Result<i64, Refusal>> {
    let subscription_ids = subscription_ids(db, pool).await?;
    if subscription_ids.is_empty() {
        return Ok(Err(Refusal::NoSuchPool));
    }
    // Nobody changes organization, so this needs no lock.
    let people = people_of(db, pool.organization_id, user_ids).await?;
    let strangers: Vec<String> = user_ids.iter().filter(|id| !people.contains_key(*id)).cloned().collect();
    if !strangers.is_empty() {
        return Ok(Err(Refusal::NotInOrganization(strangers)));
    }

    let owned = OwnedPool::of(pool);
    let (actor_id, asked) = (actor_id.to_owned(), user_ids.to_vec());
    let names = people.clone();
    let written = writer
        .write(move |connection| {
            Box::pin(async move {
                assign_locked(connection, owned.pool(), &actor_id, &asked, &people, &subscription_ids, now).await
            })
        })
        .await;
    match written {
        // Someone got a license of the product from another purchaser at the same instant
        // (PostgreSQL, many writers): the database's index refused the second; say who.
        Err(error) if is_second_license(&error) => {
            let holders = holders_of_product(db, pool.organization_id, pool.product_id, user_ids).await?;
            let named = holders
                .into_iter()
                .map(|id| {
                    let name = names.get(&id).cloned().unwrap_or_default();
                    (id, name)
                })
                .collect();
            Ok(Err(Refusal::AlreadyLicensed(named)))
        }
        other => other,
    }
}

/// The part of [`assign`] that writes, under the pool's locks.
async fn assign_locked(
    connection: &mut AnyConnection,
    pool: Pool<'_>,
    actor_id: &str,
    user_ids: &[String],
    people: &BTreeMap<String, String>,
    subscription_ids: &[String],
    now: i64,
) -> sqlx::Result<Result<i64, Refusal>> {
    let mut tx = connection.begin().await?;
    let subscriptions = lock_pool(&mut tx, pool, subscription_ids).await?;
    if subscriptions.is_empty() {
        return Ok(Err(Refusal::NoSuchPool));
    }
    let holders = holders_of_product(&mut *tx, pool.organization_id, pool.product_id, user_ids).await?;
    if !holders.is_empty() {
        let named = holders
            .into_iter()
            .map(|id| {
                let name = people.get(&id).cloned().unwrap_or_default();
                (id, name)
            })
            .collect();
        return Ok(Err(Refusal::AlreadyLicensed(named)));
    }
    if let Err(refusal) = fill(&mut tx, &subscriptions, actor_id, user_ids, now).await? {
        return Ok(Err(refusal));
    }
    tx.commit().await?;
    Ok(Ok(user_ids.len() as i64))
}

/// What [`assign_from_organization`] did.
#[derive(Debug, PartialEq, Eq)]
pub struct Approved {
    /// People given a license now.
    pub assigned: Vec<String>,
    /// People who already held a license of the product: approved without taking one.
    pub already_licensed: Vec<String>,
}

/// Gives each person (of the organization, checked by the caller) a license of the product
/// from the organization's own subscriptions of it, inside the caller's transaction, under the
/// same locks and rules as [`assign`]: the subscriptions are locked in id order before the
/// count is checked, so approvals racing for the last free licenses cannot both take them.
/// Someone who already holds a license of the product (from anyone's subscription) needs none
/// and takes no seat. All or nothing: refused with the free count when fewer are free than
/// people who need one.
pub async fn assign_from_organization(
    tx: &mut Transaction<'_, Any>,
    organization_id: &str,
    product_id: &str,
    actor_id: &str,
    user_ids: &[String],
    now: i64,
) -> sqlx::Result<Result<Approved, Refusal>> {
    if user_ids.is_empty() {
        return Ok(Ok(Approved { assigned: Vec::new(), already_licensed: Vec::new() }));
    }
    let ids = organization_subscription_ids(&mut **tx, organization_id, product_id).await?;
    let mut locked = Vec::with_capacity(ids.len());
    for id in &ids {
        if let Some(s) = subscriptions::lock(tx, organization_id, id).await?
            && !s.self_service
            && s.product_id == product_id
            && s.status.holds_licenses()
        {
            locked.push(s);
        }
    }
    let already_licensed = holders_of_product(&mut **tx, organization_id, product_id, user_ids).await?;
    let assigned: Vec<String> = user_ids.iter().filter(|id| !already_licensed.contains(id)).cloned().collect();
    if !assigned.is_empty()
        && let Err(refusal) = fill(tx, &locked, actor_id, &assigned, now).await?
    {
        return Ok(Err(refusal));
    }
    Ok(Ok(Approved { assigned, already_licensed }))
}
