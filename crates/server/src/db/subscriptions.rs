//! Subscriptions: read for Billing > Your products and Licenses, locked and written by each
//! change to one. Rows are decoded into the shared types (`SubscriptionStatus`, `bool`); a
//! status the code does not know is an error, never read as another.

use portal_api::Money;
use portal_api::products::BillingTerm;
use portal_api::subscriptions::{Subscription, SubscriptionStatus};
use sqlx::{Any, FromRow, Transaction};
use time::Date;

use super::Db;
use super::charging::Charging;
use crate::billing::{GRACE_DAYS, parse_day};

/// Subscription statuses whose licenses count, for `status IN …` (see
/// `SubscriptionStatus::holds_licenses`; a unit test keeps the two the same).
pub(crate) const HOLDING_STATUSES: &str = "('active', 'trial', 'recurring_billing_off')";

/// A subscription with its product's terms and its purchaser's name, decoded: what a change
/// reads under the subscription's lock (see [`lock`]), and what every answer is made from.
#[derive(Debug, Clone)]
pub struct Locked {
    pub id: String,
    pub organization_id: String,
    pub product_id: String,
    pub product_name: String,
    pub purchaser_id: String,
    pub purchaser_name: String,
    pub billing_profile_id: String,
    pub payment_method_id: Option<String>,
    /// Bought by a user through self-service (not by an admin).
    pub self_service: bool,
    /// A free trial (not bought yet), whatever its status.
    pub is_trial: bool,
    pub status: SubscriptionStatus,
    pub recurring_billing: bool,
    pub total_licenses: i64,
    pub assigned_licenses: i64,
    pub price_per_license_minor: i64,
    pub currency: String,
    /// The day it renews or, if it will not renew, ends.
    pub term_end_date: Date,
    pub canceled_at: Option<i64>,
    pub max_licenses: i64,
    pub billing_term: BillingTerm,
    /// The admin who took control of it (Take control), if one has: its purchaser can no
    /// longer change it.
    pub managed_by: Option<String>,
    /// A change's charge at the payment gateway right now, if one is in flight.
    pub charging: Option<Charging>,
}

impl Locked {
    /// The billing term's months (1 or 12).
    pub fn term_months(&self) -> i64 {
        self.billing_term.months()
    }

    /// Whether an admin has taken control of it.
    pub fn managed_by_admin(&self) -> bool {
        self.managed_by.is_some()
    }

    /// How many of its licenses may be held: its total, or while a change's charge is in
    /// flight, the smaller of the total now and the total that change sets, so no more are
    /// assigned than bought whether the charge goes through or not.
    pub fn seats(&self) -> i64 {
        match &self.charging {
            Some(charging) => self.total_licenses.min(charging.total_licenses),
            None => self.total_licenses,
        }
    }

    /// The subscription as `viewer_id` sees it: only its purchaser may change it, and only
    /// until an admin takes control of it.
    pub fn seen_by(self, viewer_id: &str) -> Subscription {
        let money = |amount_minor| Money { amount_minor, currency: self.currency.clone() };
        let reactivate_until = match (self.status, self.canceled_at) {
            (SubscriptionStatus::Canceled, Some(at)) => {
                time::OffsetDateTime::from_unix_timestamp(at + GRACE_DAYS * 86_400)
                    .ok()
                    .map(|end| end.date().to_string())
            }
            _ => None,
        };
        Subscription {
            can_change: self.purchaser_id == viewer_id && self.managed_by.is_none(),
            managed_by_admin: self.managed_by.is_some(),
            // A trial costs nothing until it is bought.
            price: money(if self.is_trial {
                0
            } else {
                self.price_per_license_minor * self.total_licenses * self.term_months()
            }),
            price_per_license_month: money(self.price_per_license_minor),
            status: self.status,
            billing_term: self.billing_term,
            id: self.id,
            product_id: self.product_id,
            product_name: self.product_name,
            self_service: self.self_service,
            is_trial: self.is_trial,
            recurring_billing: self.recurring_billing,
            total_licenses: self.total_licenses,
            assigned_licenses: self.assigned_licenses,
            max_licenses: self.max_licenses,
            term_end_date: self.term_end_date.to_string(),
            purchaser_id: self.purchaser_id,
            purchaser_name: self.purchaser_name,
            reactivate_until,
        }
    }
}

/// [`Locked`] as the database keeps it.
#[derive(FromRow)]
pub(super) struct Row {
    id: String,
    organization_id: String,
    product_id: String,
    product_name: String,
    purchaser_id: String,
    purchaser_name: String,
    billing_profile_id: String,
    payment_method_id: Option<String>,
    self_service: i64,
    is_trial: i64,
    status: String,
    recurring_billing: i64,
    total_licenses: i64,
    assigned_licenses: i64,
    price_per_license_minor: i64,
    currency: String,
    term_end_date: String,
    canceled_at: Option<i64>,
    max_licenses: i64,
    billing_term: String,
    managed_by: Option<String>,
    charging_key: Option<String>,
    charging_since: Option<i64>,
    charging_total_licenses: Option<i64>,
}

/// A status as the database keeps it; an unknown one is a decoding error.
fn status_of(text: &str) -> sqlx::Result<SubscriptionStatus> {
    SubscriptionStatus::parse(text)
        .ok_or_else(|| sqlx::Error::Decode(format!("unknown subscription status {text:?}").into()))
}

impl TryFrom<Row> for Locked {
    type Error = sqlx::Error;

    fn try_from(row: Row) -> sqlx::Result<Self> {
        let term_end_date = parse_day(&row.term_end_date).ok_or_else(|| {
            sqlx::Error::Decode(format!("subscription {} has a bad term end {:?}", row.id, row.term_end_date).into())
        })?;
        Ok(Self {
            status: status_of(&row.status)?,
            term_end_date,
            self_service: row.self_service == 1,
            is_trial: row.is_trial == 1,
            recurring_billing: row.recurring_billing == 1,
            billing_term: if row.billing_term == "annual" { BillingTerm::Annual } else { BillingTerm::Monthly },
            id: row.id,
            organization_id: row.organization_id,
            product_id: row.product_id,
            product_name: row.product_name,
            purchaser_id: row.purchaser_id,
            purchaser_name: row.purchaser_name,
            billing_profile_id: row.billing_profile_id,
            payment_method_id: row.payment_method_id,
            total_licenses: row.total_licenses,
            assigned_licenses: row.assigned_licenses,
            price_per_license_minor: row.price_per_license_minor,
            currency: row.currency,
            canceled_at: row.canceled_at,
            max_licenses: row.max_licenses,
            managed_by: row.managed_by,
            charging: Charging::of(row.charging_key, row.charging_since, row.charging_total_licenses),
        })
    }
}

/// Reads [`Row`]s: add a `WHERE` on `s` (the subscription), `p` (its product), `u` (its purchaser).
pub(super) const SELECT: &str = "
    SELECT s.id, s.organization_id, s.product_id, p.name AS product_name, s.purchaser_id,
           u.display_name AS purchaser_name, s.billing_profile_id, s.payment_method_id, s.self_service, s.is_trial,
           s.status, s.recurring_billing, s.total_licenses,
           s.assigned_licenses,
           s.price_per_license_minor, s.currency, s.term_end_date, s.canceled_at, p.max_licenses, p.billing_term,
           s.managed_by, s.charging_key, s.charging_since, s.charging_total_licenses
    FROM subscriptions s
    JOIN products p ON p.id = s.product_id
    JOIN users u ON u.id = s.purchaser_id";

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
    let found = details(executor, organization_id, id).await?;
    Ok(found.map(|s| {
        let purchaser_id = s.purchaser_id.clone();
        (s.seen_by(viewer_id), purchaser_id)
    }))
}

/// The subscription as just written, inside the transaction that wrote it, as `viewer_id` sees it.
pub async fn read_back(
    tx: &mut Transaction<'_, Any>,
    organization_id: &str,
    id: &str,
    viewer_id: &str,
) -> sqlx::Result<Subscription> {
    let (subscription, _) = find(&mut **tx, organization_id, id, viewer_id).await?.ok_or(sqlx::Error::RowNotFound)?;
    Ok(subscription)
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

/// A subscription about to be created by a purchase or a trial.
pub struct NewSubscription<'a> {
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
/// when it ends only if it has a card. Returns its new id.
pub async fn insert(tx: &mut Transaction<'_, Any>, new: NewSubscription<'_>, now: i64) -> sqlx::Result<String> {
    let id = super::new_id("sub");
    let recurring = !new.is_trial || new.payment_method_id.is_some();
    sqlx::query(
        "INSERT INTO subscriptions (id, organization_id, product_id, purchaser_id, billing_profile_id, payment_method_id,
            self_service, is_trial, status, recurring_billing, total_licenses, price_per_license_minor, currency,
            started_on, term_end_date, canceled_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8, $9, $10, $11, $12, $13, $14, NULL, $15, $15)",
    )
    .bind(&id)
    .bind(new.organization_id)
    .bind(&new.product.id)
    .bind(new.purchaser_id)
    .bind(new.billing_profile_id)
    .bind(new.payment_method_id)
    .bind(i64::from(new.is_trial))
    .bind(if new.is_trial { SubscriptionStatus::Trial } else { SubscriptionStatus::Active }.as_str())
    .bind(i64::from(recurring))
    .bind(new.total_licenses)
    .bind(new.product.price_per_license_month.amount_minor)
    .bind(&new.product.price_per_license_month.currency)
    .bind(new.started_on.to_string())
    .bind(new.term_end.to_string())
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

/// A new license total.
pub async fn set_total_licenses(tx: &mut Transaction<'_, Any>, id: &str, total: i64, now: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE subscriptions SET total_licenses = $1, updated_at = $2 WHERE id = $3")
        .bind(total)
        .bind(now)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A trial bought: paid and renewing, with this card, for a term from `started_on`.
pub struct TrialBought<'a> {
    pub total_licenses: i64,
    pub payment_method_id: &'a str,
    pub started_on: Date,
    pub term_end_date: Date,
}

/// Makes a trial a paid, renewing subscription.
pub async fn buy_trial(tx: &mut Transaction<'_, Any>, id: &str, bought: TrialBought<'_>, now: i64) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE subscriptions SET is_trial = 0, status = $1, recurring_billing = 1, total_licenses = $2,
            payment_method_id = $3, started_on = $4, term_end_date = $5, updated_at = $6 WHERE id = $7",
    )
    .bind(SubscriptionStatus::Active.as_str())
    .bind(bought.total_licenses)
    .bind(bought.payment_method_id)
    .bind(bought.started_on.to_string())
    .bind(bought.term_end_date.to_string())
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    // An expired trial's people hold its licenses again, except those who got a license of the
    // product elsewhere meanwhile: one person, one license.
    sqlx::query(
        "UPDATE license_assignments SET holding_product_id = (SELECT product_id FROM subscriptions WHERE id = $1)
         WHERE subscription_id = $1 AND holding_product_id IS NULL
           AND user_id NOT IN (
             SELECT a.user_id FROM license_assignments a
             WHERE a.holding_product_id = (SELECT product_id FROM subscriptions WHERE id = $1))",
    )
    .bind(id)
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM license_assignments WHERE subscription_id = $1 AND holding_product_id IS NULL")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Reactivates: running again (a trial as a trial) with recurring billing on, until `term_end_date`.
pub async fn reactivate(tx: &mut Transaction<'_, Any>, id: &str, term_end_date: &str, now: i64) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE subscriptions SET status = CASE WHEN is_trial = 1 THEN $1 ELSE $2 END, recurring_billing = 1,
            canceled_at = NULL, term_end_date = $3, updated_at = $4 WHERE id = $5",
    )
    .bind(SubscriptionStatus::Trial.as_str())
    .bind(SubscriptionStatus::Active.as_str())
    .bind(term_end_date)
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Renewed (or a trial converted): paid and active until `term_end_date`.
pub async fn renew(tx: &mut Transaction<'_, Any>, id: &str, term_end_date: Date, now: i64) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE subscriptions SET is_trial = 0, status = $1, term_end_date = $2, updated_at = $3 WHERE id = $4",
    )
    .bind(SubscriptionStatus::Active.as_str())
    .bind(term_end_date.to_string())
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Ended without renewal. Its assignments stay (an expired trial can still be bought) but no
/// longer count as licenses of the product.
pub async fn expire(tx: &mut Transaction<'_, Any>, id: &str, now: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE license_assignments SET holding_product_id = NULL WHERE subscription_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    sqlx::query("UPDATE subscriptions SET status = $1, recurring_billing = 0, updated_at = $2 WHERE id = $3")
        .bind(SubscriptionStatus::Expired.as_str())
        .bind(now)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
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

    #[test]
    fn an_unknown_status_is_an_error_not_active() {
        assert_eq!(status_of("recurring_billing_off").ok(), Some(SubscriptionStatus::RecurringBillingOff));
        assert!(status_of("suspended").is_err());
        assert!(status_of("").is_err());
    }
}
