//! Licenses: the counts per product, the people holding them, and assigning and unassigning
//! them under the subscriptions' locks so that no more are assigned than were bought.
//!
//! A person's licenses of a product are those of their subscriptions of it that hold licenses
//! (active, trial, recurring billing off), summed: a "pool" of (purchaser, product).

use std::collections::BTreeMap;

use portal_api::licenses::{LicensedPerson, PeopleSort, ProductLicenses, SortOrder};
use sqlx::{Any, AnyConnection, Connection, FromRow, Transaction};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::Db;
use super::audit::{self, AuditEvent};
use super::search::{starts_a_word, terms_condition};
use super::subscriptions::{self, HOLDING_STATUSES, Locked};
use super::writer::Writer;

/// Ids per `IN (…)` list when deleting many assignments.
const IDS_PER_STATEMENT: usize = 500;

/// Whose licenses of which product, in which organization.
#[derive(Debug, Clone, Copy)]
pub struct Pool<'a> {
    /// The organization (the session's).
    pub organization_id: &'a str,
    /// Who bought the subscriptions.
    pub purchaser_id: &'a str,
    /// The product.
    pub product_id: &'a str,
}

#[derive(FromRow)]
struct CountRow {
    product_id: String,
    product_name: String,
    self_service: i64,
    total_licenses: i64,
    assigned: i64,
    managed_by: Option<String>,
}

/// The products a purchaser holds licenses of, by name, with their counts summed over their
/// subscriptions of each (only `product_id`'s when given). `can_change` is set as given, and
/// false for a product whose every subscription an admin has taken control of.
pub async fn products<'e, E>(
    executor: E,
    organization_id: &str,
    purchaser_id: &str,
    product_id: Option<&str>,
    can_change: bool,
) -> sqlx::Result<Vec<ProductLicenses>>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    let rows: Vec<CountRow> = sqlx::query_as(&format!(
        "SELECT s.product_id, p.name AS product_name, s.self_service, s.total_licenses,
                s.assigned_licenses AS assigned,
                s.managed_by
         FROM subscriptions s JOIN products p ON p.id = s.product_id
         WHERE s.organization_id = $1 AND s.purchaser_id = $2 AND s.status IN {HOLDING_STATUSES}
           AND ($3 = '' OR s.product_id = $3)
         ORDER BY p.name, s.product_id, s.id"
    ))
    .bind(organization_id)
    .bind(purchaser_id)
    .bind(product_id.unwrap_or(""))
    .fetch_all(executor)
    .await?;
    let mut products: Vec<ProductLicenses> = Vec::new();
    for row in rows {
        let available = (row.total_licenses - row.assigned).max(0);
        let changeable = can_change && row.managed_by.is_none();
        match products.last_mut() {
            Some(last) if last.product_id == row.product_id => {
                last.can_change |= changeable;
                last.self_service |= row.self_service == 1;
                last.total += row.total_licenses;
                last.assigned += row.assigned;
                last.available += available;
            }
            _ => products.push(ProductLicenses {
                product_id: row.product_id,
                product_name: row.product_name,
                self_service: row.self_service == 1,
                assigned: row.assigned,
                available,
                total: row.total_licenses,
                can_change: changeable,
            }),
        }
    }
    Ok(products)
}

/// Whether every subscription of the pool that holds licenses has been taken over by an admin
/// (Take control), so its purchaser can no longer assign or unassign them.
pub async fn managed_by_admin(db: &Db, pool: Pool<'_>) -> sqlx::Result<bool> {
    let (managed, free): (i64, i64) = sqlx::query_as(&format!(
        "SELECT COALESCE(SUM(CASE WHEN managed_by IS NULL THEN 0 ELSE 1 END), 0),
                COALESCE(SUM(CASE WHEN managed_by IS NULL THEN 1 ELSE 0 END), 0)
         FROM subscriptions
         WHERE organization_id = $1 AND purchaser_id = $2 AND product_id = $3 AND status IN {HOLDING_STATUSES}"
    ))
    .bind(pool.organization_id)
    .bind(pool.purchaser_id)
    .bind(pool.product_id)
    .fetch_one(db)
    .await?;
    Ok(managed > 0 && free == 0)
}

/// Whether someone is a person of the organization (a purchaser named by an admin).
pub async fn is_person_of(db: &Db, organization_id: &str, user_id: &str) -> sqlx::Result<bool> {
    let found: Option<(String,)> = sqlx::query_as("SELECT id FROM users WHERE organization_id = $1 AND id = $2")
        .bind(organization_id)
        .bind(user_id)
        .fetch_optional(db)
        .await?;
    Ok(found.is_some())
}

#[derive(FromRow)]
struct PersonRow {
    user_id: String,
    display_name: String,
    email: String,
    assigned_at: i64,
}

/// The people holding the pool's licenses who match every term, in the order asked for:
/// `limit` rows from `offset` (all of them when `limit` is `None`), and how many match in all.
pub async fn people(
    db: &Db,
    pool: Pool<'_>,
    terms: &[String],
    sort: PeopleSort,
    order: SortOrder,
    offset: i64,
    limit: Option<i64>,
) -> sqlx::Result<(Vec<LicensedPerson>, i64)> {
    let holders = "FROM subscriptions s JOIN license_assignments a ON a.subscription_id = s.id";
    let pool_only = format!(
        "WHERE s.organization_id = $1 AND s.purchaser_id = $2 AND s.product_id = $3 AND s.status IN {HOLDING_STATUSES}"
    );
    let from =
        format!("{holders} JOIN users u ON u.id = a.user_id {pool_only}{}", terms_condition("u.search_text", terms, 4));
    let dir = match order {
        SortOrder::Asc => "ASC",
        SortOrder::Desc => "DESC",
    };
    // Names sort folded ("Åsa" with "Asa"), ties by id, so paging never skips or repeats anyone.
    let order_by = match sort {
        PeopleSort::Name => format!("u.search_text {dir}, u.id {dir}"),
        PeopleSort::AssignedAt => format!("a.assigned_at {dir}, u.search_text, u.id"),
    };
    let page = match limit {
        Some(limit) => format!(" LIMIT {limit} OFFSET {offset}"),
        None => String::new(),
    };
    let sql =
        format!("SELECT u.id AS user_id, u.display_name, u.email, a.assigned_at {from} ORDER BY {order_by}{page}");
    let mut query =
        sqlx::query_as::<_, PersonRow>(&sql).bind(pool.organization_id).bind(pool.purchaser_id).bind(pool.product_id);
    for term in terms {
        query = query.bind(starts_a_word(term));
    }
    let rows = query.fetch_all(db).await?;
    let total = match limit {
        None => rows.len() as i64,
        Some(_) => {
            // Without a search, the count needs no person's row.
            let sql =
                if terms.is_empty() { from.replace("JOIN users u ON u.id = a.user_id", "") } else { from.clone() };
            let sql = format!("SELECT COUNT(*) {sql}");
            let mut count = sqlx::query_as::<_, (i64,)>(&sql)
                .bind(pool.organization_id)
                .bind(pool.purchaser_id)
                .bind(pool.product_id);
            for term in terms {
                count = count.bind(starts_a_word(term));
            }
            count.fetch_one(db).await?.0
        }
    };
    let people = rows
        .into_iter()
        .map(|r| LicensedPerson {
            user_id: r.user_id,
            display_name: r.display_name,
            email: r.email,
            assigned_at: rfc3339(r.assigned_at),
        })
        .collect();
    Ok((people, total))
}

/// One page of the people holding one subscription's licenses, by folded name (ties by id),
/// and how many hold them in all: its details page, for its purchaser and admins.
pub async fn people_of_subscription(
    db: &Db,
    subscription_id: &str,
    offset: i64,
    limit: i64,
) -> sqlx::Result<(Vec<LicensedPerson>, i64)> {
    let rows: Vec<PersonRow> = sqlx::query_as(&format!(
        "SELECT u.id AS user_id, u.display_name, u.email, a.assigned_at
         FROM license_assignments a JOIN users u ON u.id = a.user_id
         WHERE a.subscription_id = $1 ORDER BY u.search_text, u.id LIMIT {} OFFSET {}",
        limit.max(0),
        offset.max(0)
    ))
    .bind(subscription_id)
    .fetch_all(db)
    .await?;
    let total: i64 = sqlx::query_scalar("SELECT assigned_licenses FROM subscriptions WHERE id = $1")
        .bind(subscription_id)
        .fetch_one(db)
        .await?;
    let people = rows
        .into_iter()
        .map(|r| LicensedPerson {
            user_id: r.user_id,
            display_name: r.display_name,
            email: r.email,
            assigned_at: rfc3339(r.assigned_at),
        })
        .collect();
    Ok((people, total))
}

/// Marks every assignment of a subscription that holds licenses with its product (the column
/// the database's one-license-per-product index reads), for rows written without it (the demo
/// seed). Fails if that would give someone two licenses of a product.
pub async fn mark_holding(tx: &mut Transaction<'_, Any>) -> sqlx::Result<()> {
    sqlx::query(&format!(
        "UPDATE license_assignments SET holding_product_id = (
             SELECT s.product_id FROM subscriptions s
             WHERE s.id = license_assignments.subscription_id AND s.status IN {HOLDING_STATUSES})
         WHERE holding_product_id IS NULL"
    ))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Whether an error is the database refusing a second license of a product for someone
/// (the index `license_assignments_one_per_product`).
pub fn is_second_license(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Database(e) if e.is_unique_violation() => {
            e.constraint() == Some("license_assignments_one_per_product") || e.message().contains("holding_product_id")
        }
        _ => false,
    }
}

/// Unix seconds as RFC 3339 (UTC).
pub(crate) fn rfc3339(unix: i64) -> String {
    OffsetDateTime::from_unix_timestamp(unix).ok().and_then(|t| t.format(&Rfc3339).ok()).unwrap_or_default()
}

/// A [`Pool`] that owns its ids, to hand to the writer.
struct OwnedPool {
    organization_id: String,
    purchaser_id: String,
    product_id: String,
}

impl OwnedPool {
    fn of(pool: Pool<'_>) -> Self {
        Self {
            organization_id: pool.organization_id.to_owned(),
            purchaser_id: pool.purchaser_id.to_owned(),
            product_id: pool.product_id.to_owned(),
        }
    }

    fn pool(&self) -> Pool<'_> {
        Pool { organization_id: &self.organization_id, purchaser_id: &self.purchaser_id, product_id: &self.product_id }
    }
}

/// Why a batch could not be assigned; nothing was.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The purchaser holds no licenses of the product (any more).
    NoSuchPool,
    /// These ids are not people of the organization.
    NotInOrganization(Vec<String>),
    /// These people (id, name) already hold a license of the product.
    AlreadyLicensed(Vec<(String, String)>),
    /// Fewer licenses are free than people were asked for; this many are.
    NotEnoughLicenses(i64),
}

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

/// Gives each person a license from the locked `subscriptions`, in their order, all or
/// nothing: refused with the free count when fewer are free than people. One audit event
/// (`licenses.assigned`) per subscription changed. The caller has checked that nobody already
/// holds a license of the product.
async fn fill(
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

/// The ids of the pool's subscriptions that hold licenses and that its purchaser still
/// controls (none an admin has taken control of), in id order (the lock order).
async fn subscription_ids(db: &Db, pool: Pool<'_>) -> sqlx::Result<Vec<String>> {
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
async fn lock_pool(tx: &mut Transaction<'_, Any>, pool: Pool<'_>, ids: &[String]) -> sqlx::Result<Vec<Locked>> {
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

/// `$first, $first+1, …` for `n` values.
pub(crate) fn placeholders(first: usize, n: usize) -> String {
    (first..first + n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}
