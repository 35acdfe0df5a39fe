//! The two organizations and the product catalog each offers.

use sqlx::{Any, Transaction};

use super::Seeder;

/// A product of the catalog, as it is inserted.
pub(super) struct NewProduct<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub description: &'a str,
    /// The price of a license per term, in minor units of `currency`.
    pub price_minor: i64,
    pub currency: &'a str,
    /// `monthly` or `annual`.
    pub term: &'a str,
    pub max_licenses: i64,
    /// A trial's days, licenses, and whether it needs a card (1) or not (0).
    pub trial: Option<(i64, i64, i64)>,
}

pub(super) async fn insert_product(tx: &mut Transaction<'_, Any>, product: NewProduct<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO products (id, name, description, price_per_license_minor, currency, billing_term, max_licenses,
                               trial_days, trial_licenses, trial_requires_card)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(product.id)
    .bind(product.name)
    .bind(product.description)
    .bind(product.price_minor)
    .bind(product.currency)
    .bind(product.term)
    .bind(product.max_licenses)
    .bind(product.trial.map(|t| t.0))
    .bind(product.trial.map(|t| t.1))
    .bind(product.trial.map(|t| t.2))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The organization offers the product under `policy` (`allow`, `trials_only`, `do_not_allow`).
pub(super) async fn offer(
    tx: &mut Transaction<'_, Any>,
    organization_id: &str,
    product_id: &str,
    policy: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO organization_products (organization_id, product_id, self_service_allowed, policy) VALUES ($1, $2, $3, $4)",
    )
    .bind(organization_id)
    .bind(product_id)
    .bind(i64::from(policy == "allow"))
    .bind(policy)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Seeder {
    pub(super) async fn organizations(&self, tx: &mut Transaction<'_, Any>) -> sqlx::Result<()> {
        for (id, name, currency, country) in
            [("org_contoso", "Contoso Ltd.", "EUR", "NL"), ("org_fabrikam", "Fabrikam AB", "SEK", "SE")]
        {
            sqlx::query(
                "INSERT INTO organizations (id, name, currency, country, created_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(name)
            .bind(currency)
            .bind(country)
            .bind(self.now)
            .execute(&mut **tx)
            .await?;
        }
        Ok(())
    }

    pub(super) async fn products(&self, tx: &mut Transaction<'_, Any>) -> sqlx::Result<()> {
        // (key, name, description, EUR cents, SEK öre, term, max licenses, trial (days, licenses, card))
        type Product = (&'static str, &'static str, &'static str, i64, i64, &'static str, i64, Option<(i64, i64, i64)>);
        let catalog: [Product; 6] = [
            (
                "power_bi_pro",
                "Power BI Pro",
                "Self-service analytics: build and share reports.",
                1400,
                15_900,
                "monthly",
                1000,
                Some((30, 25, 0)),
            ),
            (
                "visio_plan_2",
                "Visio Plan 2",
                "Diagrams and flowcharts, in the browser and on the desktop.",
                1500,
                17_000,
                "annual",
                500,
                Some((30, 25, 0)),
            ),
            (
                "project_plan_3",
                "Project Plan 3",
                "Plan projects, manage resources and track time.",
                2500,
                28_000,
                "annual",
                500,
                Some((30, 25, 1)),
            ),
            (
                "power_apps_premium",
                "Power Apps Premium",
                "Build apps on your organization's data.",
                1900,
                21_000,
                "monthly",
                1000,
                None,
            ),
            (
                "power_automate_premium",
                "Power Automate Premium",
                "Automate workflows across apps and services.",
                1400,
                15_900,
                "monthly",
                1000,
                Some((30, 25, 1)),
            ),
            (
                "microsoft_365_e3",
                "Microsoft 365 E3",
                "Office apps, email and security for the whole organization.",
                3600,
                40_000,
                "annual",
                10_000,
                None,
            ),
        ];
        for (org, currency) in [("org_contoso", "EUR"), ("org_fabrikam", "SEK")] {
            for (key, name, description, eur, sek, term, max, trial) in catalog {
                let id = format!("prd_{key}_{}", currency.to_lowercase());
                let price_minor = if currency == "EUR" { eur } else { sek };
                let product =
                    NewProduct { id: &id, name, description, price_minor, currency, term, max_licenses: max, trial };
                insert_product(tx, product).await?;
                // Microsoft 365 E3 is bought by admins only: offered, but not for self-service.
                let policy = if key == "microsoft_365_e3" { "do_not_allow" } else { "allow" };
                offer(tx, org, &id, policy).await?;
            }
        }
        Ok(())
    }
}
