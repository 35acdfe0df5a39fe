//! The catalog an organization offers: every product priced in its currency, each with the
//! policy its people buy it under (see `policies`).

use portal_api::Money;
use portal_api::products::{BillingTerm, Product, TrialOffer};
use sqlx::{Any, FromRow};

use super::Db;
use super::policies::{CATALOG, policy_of};

#[derive(FromRow)]
struct ProductRow {
    id: String,
    name: String,
    description: String,
    price_per_license_minor: i64,
    currency: String,
    billing_term: String,
    max_licenses: i64,
    trial_days: Option<i64>,
    trial_licenses: Option<i64>,
    trial_requires_card: Option<i64>,
    policy: String,
}

impl TryFrom<ProductRow> for Product {
    type Error = sqlx::Error;

    fn try_from(r: ProductRow) -> sqlx::Result<Self> {
        Ok(Product {
            policy: policy_of(&r.policy)?,
            id: r.id,
            name: r.name,
            description: r.description,
            price_per_license_month: Money { amount_minor: r.price_per_license_minor, currency: r.currency },
            billing_term: if r.billing_term == "annual" { BillingTerm::Annual } else { BillingTerm::Monthly },
            max_licenses: r.max_licenses,
            trial: match (r.trial_days, r.trial_licenses) {
                (Some(days), Some(licenses)) => {
                    Some(TrialOffer { days, licenses, requires_card: r.trial_requires_card == Some(1) })
                }
                _ => None,
            },
        })
    }
}

/// The product's columns and its effective policy (its own, else the organization's default).
fn select() -> String {
    format!(
        "SELECT p.id, p.name, p.description, p.price_per_license_minor, p.currency, p.billing_term,
            p.max_licenses, p.trial_days, p.trial_licenses, p.trial_requires_card,
            COALESCE(op.policy, o.default_policy) AS policy
         {CATALOG}"
    )
}

/// Every product of the organization's catalog with its policy for its people, by name: the
/// Purchase page offers Buy, Start free trial or Request licenses as the policy says.
pub async fn catalog(db: &Db, organization_id: &str) -> sqlx::Result<Vec<Product>> {
    let rows: Vec<ProductRow> = sqlx::query_as(&format!("{} WHERE o.id = $1 ORDER BY p.name, p.id", select()))
        .bind(organization_id)
        .fetch_all(db)
        .await?;
    rows.into_iter().map(Product::try_from).collect()
}

/// A product of the organization's catalog, with its policy (`None`: not in its catalog).
pub async fn offered<'e, E>(executor: E, organization_id: &str, product_id: &str) -> sqlx::Result<Option<Product>>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    let row: Option<ProductRow> = sqlx::query_as(&format!("{} WHERE o.id = $1 AND p.id = $2", select()))
        .bind(organization_id)
        .bind(product_id)
        .fetch_optional(executor)
        .await?;
    row.map(Product::try_from).transpose()
}
