//! The catalog an organization offers for self-service purchase.

use portal_api::Money;
use portal_api::products::{BillingTerm, Product, TrialOffer};
use sqlx::FromRow;

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
}

/// The products an organization lets its users buy themselves, by name.
pub async fn self_service_catalog(db: &Db, organization_id: &str) -> sqlx::Result<Vec<Product>> {
    let rows: Vec<ProductRow> = sqlx::query_as(
        "SELECT p.id, p.name, p.description, p.price_per_license_minor, p.currency, p.billing_term, p.max_licenses,
                p.trial_days, p.trial_licenses, p.trial_requires_card
         FROM products p
         JOIN organization_products op ON op.product_id = p.id
         WHERE op.organization_id = $1 AND op.self_service_allowed = 1
         ORDER BY p.name, p.id",
    )
    .bind(organization_id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Product {
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
        .collect())
}
