//! Subscriptions, read for Billing > Your products.

use portal_api::Money;
use portal_api::subscriptions::{Subscription, SubscriptionStatus};
use sqlx::FromRow;

use super::Db;

#[derive(FromRow)]
struct SubscriptionRow {
    id: String,
    product_id: String,
    product_name: String,
    self_service: i64,
    is_trial: i64,
    status: String,
    total_licenses: i64,
    assigned_licenses: i64,
    term_end_date: String,
    price_per_license_minor: i64,
    currency: String,
    term_months: i64,
    purchaser_name: String,
}

impl From<SubscriptionRow> for Subscription {
    fn from(r: SubscriptionRow) -> Self {
        Subscription {
            id: r.id,
            product_id: r.product_id,
            product_name: r.product_name,
            self_service: r.self_service == 1,
            status: status_of(&r.status),
            total_licenses: r.total_licenses,
            assigned_licenses: r.assigned_licenses,
            term_end_date: r.term_end_date,
            // A trial costs nothing until it is bought.
            price: Money {
                amount_minor: if r.is_trial == 1 {
                    0
                } else {
                    r.price_per_license_minor * r.total_licenses * r.term_months
                },
                currency: r.currency,
            },
            purchaser_name: r.purchaser_name,
        }
    }
}

fn status_of(text: &str) -> SubscriptionStatus {
    match text {
        "trial" => SubscriptionStatus::Trial,
        "recurring_billing_off" => SubscriptionStatus::RecurringBillingOff,
        "expired" => SubscriptionStatus::Expired,
        "canceled" => SubscriptionStatus::Canceled,
        _ => SubscriptionStatus::Active,
    }
}

const SELECT: &str = "
    SELECT s.id, s.product_id, p.name AS product_name, s.self_service, s.is_trial, s.status, s.total_licenses,
           (SELECT COUNT(*) FROM license_assignments a WHERE a.subscription_id = s.id) AS assigned_licenses,
           s.term_end_date, s.price_per_license_minor, s.currency,
           CASE p.billing_term WHEN 'annual' THEN 12 ELSE 1 END AS term_months,
           u.display_name AS purchaser_name
    FROM subscriptions s
    JOIN products p ON p.id = s.product_id
    JOIN users u ON u.id = s.purchaser_id";

/// The subscriptions a person bought, newest first.
pub async fn bought_by(db: &Db, organization_id: &str, purchaser_id: &str) -> sqlx::Result<Vec<Subscription>> {
    let rows: Vec<SubscriptionRow> = sqlx::query_as(&format!(
        "{SELECT} WHERE s.organization_id = $1 AND s.purchaser_id = $2 ORDER BY s.created_at DESC, s.id"
    ))
    .bind(organization_id)
    .bind(purchaser_id)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(Subscription::from).collect())
}

/// One subscription of an organization, with its purchaser's id (for the who-may-see check).
pub async fn find(db: &Db, organization_id: &str, id: &str) -> sqlx::Result<Option<(Subscription, String)>> {
    #[derive(FromRow)]
    struct Row {
        #[sqlx(flatten)]
        subscription: SubscriptionRow,
        purchaser_id: String,
    }
    let row: Option<Row> = sqlx::query_as(&format!(
        "{} WHERE s.organization_id = $1 AND s.id = $2",
        SELECT.replacen("SELECT s.id,", "SELECT s.purchaser_id, s.id,", 1)
    ))
    .bind(organization_id)
    .bind(id)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| (r.subscription.into(), r.purchaser_id)))
}
