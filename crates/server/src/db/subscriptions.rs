//! Subscriptions, read for Billing > Your products.

use portal_api::Money;
use portal_api::products::BillingTerm;
use portal_api::subscriptions::{Subscription, SubscriptionStatus};
use sqlx::{Any, FromRow, Transaction};

use super::Db;
use crate::billing::GRACE_DAYS;

#[derive(FromRow)]
struct SubscriptionRow {
    id: String,
    product_id: String,
    product_name: String,
    purchaser_id: String,
    self_service: i64,
    is_trial: i64,
    status: String,
    recurring_billing: i64,
    total_licenses: i64,
    assigned_licenses: i64,
    term_end_date: String,
    canceled_at: Option<i64>,
    price_per_license_minor: i64,
    currency: String,
    billing_term: String,
    max_licenses: i64,
    purchaser_name: String,
}

impl SubscriptionRow {
    /// The subscription as `viewer_id` sees it: only its purchaser may change it.
    fn into_subscription(self, viewer_id: &str) -> Subscription {
        let term_months = if self.billing_term == "annual" { 12 } else { 1 };
        let money = |amount_minor| Money { amount_minor, currency: self.currency.clone() };
        let reactivate_until = match (self.status.as_str(), self.canceled_at) {
            ("canceled", Some(at)) => time::OffsetDateTime::from_unix_timestamp(at + GRACE_DAYS * 86_400)
                .ok()
                .map(|end| end.date().to_string()),
            _ => None,
        };
        Subscription {
            can_change: self.purchaser_id == viewer_id,
            // A trial costs nothing until it is bought.
            price: money(if self.is_trial == 1 {
                0
            } else {
                self.price_per_license_minor * self.total_licenses * term_months
            }),
            price_per_license_month: money(self.price_per_license_minor),
            status: status_of(&self.status),
            billing_term: if term_months == 12 { BillingTerm::Annual } else { BillingTerm::Monthly },
            id: self.id,
            product_id: self.product_id,
            product_name: self.product_name,
            self_service: self.self_service == 1,
            is_trial: self.is_trial == 1,
            recurring_billing: self.recurring_billing == 1,
            total_licenses: self.total_licenses,
            assigned_licenses: self.assigned_licenses,
            max_licenses: self.max_licenses,
            term_end_date: self.term_end_date,
            purchaser_name: self.purchaser_name,
            reactivate_until,
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
    SELECT s.id, s.product_id, p.name AS product_name, s.purchaser_id, s.self_service, s.is_trial, s.status,
           s.recurring_billing, s.total_licenses,
           (SELECT COUNT(*) FROM license_assignments a WHERE a.subscription_id = s.id) AS assigned_licenses,
           s.term_end_date, s.canceled_at, s.price_per_license_minor, s.currency, p.billing_term, p.max_licenses,
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
    Ok(rows.into_iter().map(|row| row.into_subscription(purchaser_id)).collect())
}

/// One subscription of an organization as `viewer_id` sees it, with its purchaser's id (for
/// the who-may-see check).
pub async fn find<'e, E>(
    executor: E,
    organization_id: &str,
    id: &str,
    viewer_id: &str,
) -> sqlx::Result<Option<(Subscription, String)>>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    let row: Option<SubscriptionRow> = sqlx::query_as(&format!("{SELECT} WHERE s.organization_id = $1 AND s.id = $2"))
        .bind(organization_id)
        .bind(id)
        .fetch_optional(executor)
        .await?;
    Ok(row.map(|row| {
        let purchaser_id = row.purchaser_id.clone();
        (row.into_subscription(viewer_id), purchaser_id)
    }))
}

/// A subscription read while a change to it holds its lock (see [`lock`]).
#[derive(Debug, Clone, FromRow)]
pub struct Locked {
    pub id: String,
    pub organization_id: String,
    pub product_id: String,
    pub product_name: String,
    pub purchaser_id: String,
    pub billing_profile_id: String,
    pub payment_method_id: Option<String>,
    pub is_trial: i64,
    pub status: String,
    pub recurring_billing: i64,
    pub total_licenses: i64,
    pub assigned_licenses: i64,
    pub price_per_license_minor: i64,
    pub currency: String,
    pub started_on: String,
    pub term_end_date: String,
    pub canceled_at: Option<i64>,
    pub max_licenses: i64,
    pub term_months: i64,
}

/// Takes the lock that serializes every change to one subscription (its license total, its
/// assignments, its status), then reads it. Call it as the transaction's FIRST statement.
///
/// The lock is a guarded write, `UPDATE … SET updated_at = updated_at`: on SQLite the first
/// write of a transaction takes the database's write lock (waiting for the busy timeout), so
/// no other writer can commit between this read and the change; on PostgreSQL it takes the
/// row's lock until commit, like `SELECT … FOR UPDATE`. Either way "check the count, then
/// write" is one step, whatever arrives at once. `None`: the organization has no such subscription.
pub async fn lock(tx: &mut Transaction<'_, Any>, organization_id: &str, id: &str) -> sqlx::Result<Option<Locked>> {
    let touched =
        sqlx::query("UPDATE subscriptions SET updated_at = updated_at WHERE id = $1 AND organization_id = $2")
            .bind(id)
            .bind(organization_id)
            .execute(&mut **tx)
            .await?;
    if touched.rows_affected() == 0 {
        return Ok(None);
    }
    details(&mut **tx, organization_id, id).await
}

/// The same fields as [`lock`] reads, without locking: for prices shown before a change.
pub async fn details<'e, E>(executor: E, organization_id: &str, id: &str) -> sqlx::Result<Option<Locked>>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    sqlx::query_as(
        "SELECT s.id, s.organization_id, s.product_id, p.name AS product_name, s.purchaser_id, s.billing_profile_id,
                s.payment_method_id, s.is_trial, s.status, s.recurring_billing, s.total_licenses,
                (SELECT COUNT(*) FROM license_assignments a WHERE a.subscription_id = s.id) AS assigned_licenses,
                s.price_per_license_minor, s.currency, s.started_on, s.term_end_date, s.canceled_at, p.max_licenses,
                CASE p.billing_term WHEN 'annual' THEN 12 ELSE 1 END AS term_months
         FROM subscriptions s JOIN products p ON p.id = s.product_id
         WHERE s.id = $1 AND s.organization_id = $2",
    )
    .bind(id)
    .bind(organization_id)
    .fetch_optional(executor)
    .await
}

/// A subscription about to be created by a purchase or a trial.
pub struct NewSubscription<'a> {
    pub id: &'a str,
    pub organization_id: &'a str,
    pub product: &'a portal_api::products::Product,
    pub purchaser_id: &'a str,
    pub billing_profile_id: &'a str,
    pub payment_method_id: Option<&'a str>,
    pub is_trial: bool,
    pub total_licenses: i64,
    pub started_on: time::Date,
    pub term_end: time::Date,
}

/// Creates a self-service subscription: active and renewing when bought; a trial converts
/// when it ends only if it has a card.
pub async fn insert(tx: &mut Transaction<'_, Any>, new: NewSubscription<'_>, now: i64) -> sqlx::Result<()> {
    let recurring = !new.is_trial || new.payment_method_id.is_some();
    sqlx::query(
        "INSERT INTO subscriptions (id, organization_id, product_id, purchaser_id, billing_profile_id, payment_method_id,
            self_service, is_trial, status, recurring_billing, total_licenses, price_per_license_minor, currency,
            started_on, term_end_date, canceled_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8, $9, $10, $11, $12, $13, $14, NULL, $15, $15)",
    )
    .bind(new.id)
    .bind(new.organization_id)
    .bind(&new.product.id)
    .bind(new.purchaser_id)
    .bind(new.billing_profile_id)
    .bind(new.payment_method_id)
    .bind(i64::from(new.is_trial))
    .bind(if new.is_trial { "trial" } else { "active" })
    .bind(i64::from(recurring))
    .bind(new.total_licenses)
    .bind(new.product.price_per_license_month.amount_minor)
    .bind(&new.product.price_per_license_month.currency)
    .bind(new.started_on.to_string())
    .bind(new.term_end.to_string())
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
