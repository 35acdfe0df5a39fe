//! Licenses: the counts per product, the people holding them, and assigning and unassigning
//! them under the subscriptions' locks so that no more are assigned than were bought.
//!
//! A person's licenses of a product are those of their subscriptions of it that hold licenses
//! (active, trial, recurring billing off), summed: a "pool" of (purchaser, product). What the
//! pages show is `listing`, the seat checks `seats`, and the changes `assign` and `unassign`.

use sqlx::{Any, Transaction};

use super::subscriptions::HOLDING_STATUSES;

mod assign;
mod listing;
mod seats;
mod unassign;

pub use assign::{Approved, assign, assign_from_organization};
pub use listing::{is_person_of, managed_by_admin, people, people_of_subscription, products};
pub(crate) use seats::{holders_of_product, people_of};
pub use seats::{organization_free, organization_subscription_ids};
pub use unassign::{Selection, unassign};

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
