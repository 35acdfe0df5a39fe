//! What the Licenses pages show: the counts per product, and the people holding a pool's or a
//! subscription's licenses (searched, sorted, paged).

use portal_api::licenses::{LicensedPerson, PeopleSort, ProductLicenses, SortOrder};
use sqlx::{Any, FromRow};

use super::Pool;
use crate::db::Db;
use crate::db::rfc3339;
use crate::db::search::{starts_a_word, terms_condition};
use crate::db::subscriptions::HOLDING_STATUSES;

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

impl From<PersonRow> for LicensedPerson {
    fn from(row: PersonRow) -> Self {
        Self {
            user_id: row.user_id,
            display_name: row.display_name,
            email: row.email,
            assigned_at: rfc3339(row.assigned_at),
        }
    }
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
    let people = rows.into_iter().map(LicensedPerson::from).collect();
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
    let people = rows.into_iter().map(LicensedPerson::from).collect();
    Ok((people, total))
}
