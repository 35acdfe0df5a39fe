//! The admin's purchase list: every (self-service) subscription of an organization with the
//! seed's six columns, searched by product or purchaser name, sorted by any column, a page at
//! a time (SQL `LIMIT`/`OFFSET` and a `COUNT`), so thousands of purchases never travel whole.

use portal_api::Money;
use portal_api::licenses::SortOrder;
use portal_api::self_service::{Purchase, PurchaseSort};
use portal_api::subscriptions::SubscriptionStatus;
use sqlx::FromRow;

use super::Db;
use super::search::{starts_a_word, terms_condition};

/// Which purchases, in which order.
#[derive(Debug, Clone)]
pub struct PurchaseFilter<'a> {
    /// The admin's organization.
    pub organization_id: &'a str,
    /// Only self-service purchases (the seed's Self-service filter).
    pub self_service_only: bool,
    /// Folded search terms: each must begin a word of the product's or the purchaser's name.
    pub terms: &'a [String],
    /// The column to sort by.
    pub sort: PurchaseSort,
    /// Up or down.
    pub order: SortOrder,
}

/// The purchase price, per term for all licenses (zero for a trial), as SQL.
const PRICE: &str = "CASE WHEN s.is_trial = 1 THEN 0
    ELSE s.price_per_license_minor * s.total_licenses * (CASE WHEN p.billing_term = 'annual' THEN 12 ELSE 1 END) END";

/// Assigned users, as SQL (the primary key of `license_assignments` starts with the subscription).
const ASSIGNED: &str = "(SELECT COUNT(*) FROM license_assignments a WHERE a.subscription_id = s.id)";

/// What the search looks in: the product's name (catalog names are ASCII, so `lower` folds
/// them) and the purchaser's folded name and email (`users.search_text`).
const SEARCHED: &str = "(lower(p.name) || ' ' || u.search_text)";

#[derive(FromRow)]
struct Row {
    id: String,
    product_id: String,
    product_name: String,
    purchaser_id: String,
    purchaser_name: String,
    total_licenses: i64,
    term_end_date: String,
    price_minor: i64,
    currency: String,
    assigned_licenses: i64,
    status: String,
    is_trial: i64,
    self_service: i64,
    managed_by: Option<String>,
}

impl Row {
    fn into_purchase(self) -> sqlx::Result<Purchase> {
        let status = SubscriptionStatus::parse(&self.status)
            .ok_or_else(|| sqlx::Error::Decode(format!("unknown subscription status {:?}", self.status).into()))?;
        Ok(Purchase {
            subscription_id: self.id,
            product_id: self.product_id,
            product_name: self.product_name,
            purchaser_id: self.purchaser_id,
            purchaser_name: self.purchaser_name,
            total_licenses: self.total_licenses,
            term_end_date: self.term_end_date,
            price: Money { amount_minor: self.price_minor, currency: self.currency },
            assigned_licenses: self.assigned_licenses,
            status,
            is_trial: self.is_trial == 1,
            self_service: self.self_service == 1,
            managed_by_admin: self.managed_by.is_some(),
        })
    }
}

/// `ORDER BY` for a column and direction: the column, then the subscription's id in the same
/// direction, so rows with equal values keep one order and paging never skips or repeats one.
fn order_by(sort: PurchaseSort, order: SortOrder) -> String {
    let dir = match order {
        SortOrder::Asc => "ASC",
        SortOrder::Desc => "DESC",
    };
    let column = match sort {
        PurchaseSort::Product => "p.name",
        // folded, so "Åsa" sorts with "Asa"
        PurchaseSort::Purchaser => "u.search_text",
        PurchaseSort::Licenses => "s.total_licenses",
        PurchaseSort::ExpiryDate => "s.term_end_date",
        PurchaseSort::Price => "price_minor",
        PurchaseSort::AssignedUsers => "assigned_licenses",
    };
    format!("{column} {dir}, s.id {dir}")
}

/// `WHERE …` of a filter; the search terms are bound from `$2`.
fn condition(filter: &PurchaseFilter<'_>) -> String {
    let mut sql = String::from("WHERE s.organization_id = $1");
    if filter.self_service_only {
        sql.push_str(" AND s.self_service = 1");
    }
    sql.push_str(&terms_condition(SEARCHED, filter.terms, 2));
    sql
}

/// `limit` purchases from `offset` (all of them when `limit` is `None`), and how many match.
pub async fn page(
    db: &Db,
    filter: &PurchaseFilter<'_>,
    offset: i64,
    limit: Option<i64>,
) -> sqlx::Result<(Vec<Purchase>, i64)> {
    let from = "FROM subscriptions s JOIN products p ON p.id = s.product_id JOIN users u ON u.id = s.purchaser_id";
    let page = match limit {
        Some(limit) => format!(" LIMIT {} OFFSET {}", limit.max(0), offset.max(0)),
        None => String::new(),
    };
    let sql = format!(
        "SELECT s.id, s.product_id, p.name AS product_name, s.purchaser_id, u.display_name AS purchaser_name,
                s.total_licenses, s.term_end_date, {PRICE} AS price_minor, s.currency,
                {ASSIGNED} AS assigned_licenses, s.status, s.is_trial, s.self_service, s.managed_by
         {from} {} ORDER BY {}{page}",
        condition(filter),
        order_by(filter.sort, filter.order)
    );
    let mut query = sqlx::query_as::<_, Row>(&sql).bind(filter.organization_id);
    for term in filter.terms {
        query = query.bind(starts_a_word(term));
    }
    let purchases: Vec<Purchase> =
        query.fetch_all(db).await?.into_iter().map(Row::into_purchase).collect::<sqlx::Result<_>>()?;
    let total = match limit {
        None => purchases.len() as i64,
        Some(_) => {
            // Without a search the count needs neither the product nor the purchaser.
            let from = if filter.terms.is_empty() { "FROM subscriptions s" } else { from };
            let sql = format!("SELECT COUNT(*) {from} {}", condition(filter));
            let mut count = sqlx::query_scalar::<_, i64>(&sql).bind(filter.organization_id);
            for term in filter.terms {
                count = count.bind(starts_a_word(term));
            }
            count.fetch_one(db).await?
        }
    };
    Ok((purchases, total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sort_breaks_ties_by_the_subscription_in_the_same_direction() {
        assert_eq!(order_by(PurchaseSort::Product, SortOrder::Asc), "p.name ASC, s.id ASC");
        assert_eq!(order_by(PurchaseSort::AssignedUsers, SortOrder::Desc), "assigned_licenses DESC, s.id DESC");
    }

    #[test]
    fn the_self_service_filter_and_each_term_narrow_the_list() {
        let terms = vec!["power".to_owned(), "meg".to_owned()];
        let filter = PurchaseFilter {
            organization_id: "org",
            self_service_only: true,
            terms: &terms,
            sort: PurchaseSort::Product,
            order: SortOrder::Asc,
        };
        let sql = condition(&filter);
        assert!(sql.contains("s.self_service = 1"), "{sql}");
        assert!(sql.contains("$2") && sql.contains("$3") && !sql.contains("$4"), "{sql}");
        let all = PurchaseFilter { self_service_only: false, terms: &[], ..filter };
        assert_eq!(condition(&all), "WHERE s.organization_id = $1");
    }
}
