//! The catalog an organization offers for self-service purchase.

use portal_api::Money;
use portal_api::products::{BillingTerm, Product, TrialOffer};
use portal_api::self_service::SelfServicePolicy;
use sqlx::{Any, FromRow};

use super::Db;

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
    self_service_allowed: i64,
}

impl From<ProductRow> for Product {
    fn from(r: ProductRow) -> Self {
        Product {
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
            policy: if r.self_service_allowed == 1 { SelfServicePolicy::Allow } else { SelfServicePolicy::DoNotAllow },
        }
    }
}

const SELECT: &str = "SELECT p.id, p.name, p.description, p.price_per_license_minor, p.currency, p.billing_term,
        p.max_licenses, p.trial_days, p.trial_licenses, p.trial_requires_card, op.self_service_allowed
    FROM products p
    JOIN organization_products op ON op.product_id = p.id";

/// The products an organization lets its users buy themselves, by name.
pub async fn self_service_catalog(db: &Db, organization_id: &str) -> sqlx::Result<Vec<Product>> {
    let rows: Vec<ProductRow> = sqlx::query_as(&format!(
        "{SELECT} WHERE op.organization_id = $1 AND op.self_service_allowed = 1 ORDER BY p.name, p.id"
    ))
    .bind(organization_id)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(Product::from).collect())
}

/// A product the organization offers, and whether its users may buy it themselves.
pub async fn offered<'e, E>(
    executor: E,
    organization_id: &str,
    product_id: &str,
) -> sqlx::Result<Option<(Product, bool)>>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    let row: Option<ProductRow> = sqlx::query_as(&format!("{SELECT} WHERE op.organization_id = $1 AND p.id = $2"))
        .bind(organization_id)
        .bind(product_id)
        .fetch_optional(executor)
        .await?;
    Ok(row.map(|r| {
        let allowed = r.self_service_allowed == 1;
        (Product::from(r), allowed)
    }))
}
