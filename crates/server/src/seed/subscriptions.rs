//! The demo subscriptions (Megan's four, Alex's, Adele's, Lars's) and their assigned licenses;
//! Contoso's own Power BI Pro with free licenses, and five small self-service Power BI Pro
//! purchases an admin takes control of in the browser tests (one per language).

use sqlx::{Any, Transaction};
use time::{Date, Duration};

use super::Seeder;
use crate::billing::add_months;

/// (id, organization, product, purchaser, self-service, trial, status, recurring billing, licenses,
/// started, term end, people assigned, skipped before them)
type SeedSubscription = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i64,
    i64,
    &'static str,
    i64,
    i64,
    Date,
    Date,
    usize,
    usize,
);

/// Where Contoso's own Power BI Pro and the Take control purchases take their people from:
/// past Megan's Power BI Pro people (the first 40) and far from the end of the directory,
/// which the API tests hand Power BI Pro licenses from.
const POWER_BI_PEOPLE_FROM: usize = 300;

/// The browser tests' Take control purchases: (id, purchaser), one per language.
pub const TAKE_CONTROL_PURCHASES: [(&str, &str); 5] = [
    ("sub_joni_power_bi", "usr_joni"),
    ("sub_christie_power_bi", "usr_christie"),
    ("sub_irvin_power_bi", "usr_irvin"),
    ("sub_debra_power_bi", "usr_debra"),
    ("sub_allan_power_bi", "usr_allan"),
];

impl Seeder {
    pub(super) async fn subscriptions(&self, tx: &mut Transaction<'_, Any>) -> sqlx::Result<()> {
        let t = self.today;
        // (id, org, product, purchaser, self-service, trial, status, recurring, licenses, started, term end, assigned,
        // skipped)
        let mut rows: Vec<SeedSubscription> = vec![
            (
                "sub_megan_power_bi",
                "org_contoso",
                "prd_power_bi_pro_eur",
                "usr_megan",
                1,
                0,
                "active",
                1,
                100,
                add_months(t, -4),
                add_months(t, 1),
                40,
                0,
            ),
            (
                "sub_megan_visio",
                "org_contoso",
                "prd_visio_plan_2_eur",
                "usr_megan",
                1,
                1,
                "trial",
                0,
                25,
                t - Duration::days(10),
                t + Duration::days(20),
                3,
                0,
            ),
            (
                "sub_megan_project",
                "org_contoso",
                "prd_project_plan_3_eur",
                "usr_megan",
                1,
                0,
                "recurring_billing_off",
                0,
                10,
                add_months(t, -9),
                add_months(t, 3),
                6,
                0,
            ),
            (
                "sub_megan_power_apps",
                "org_contoso",
                "prd_power_apps_premium_eur",
                "usr_megan",
                1,
                0,
                "canceled",
                0,
                5,
                add_months(t, -2),
                t - Duration::days(10),
                0,
                0,
            ),
            (
                "sub_alex_power_automate",
                "org_contoso",
                "prd_power_automate_premium_eur",
                "usr_alex",
                1,
                0,
                "active",
                1,
                3,
                add_months(t, -1),
                add_months(t, 1),
                2,
                0,
            ),
            (
                "sub_adele_m365",
                "org_contoso",
                "prd_microsoft_365_e3_eur",
                "usr_adele",
                0,
                0,
                "active",
                1,
                300,
                add_months(t, -6),
                add_months(t, 6),
                250,
                0,
            ),
            (
                "sub_lars_power_bi",
                "org_fabrikam",
                "prd_power_bi_pro_sek",
                "usr_lars",
                1,
                0,
                "active",
                1,
                20,
                add_months(t, -3),
                add_months(t, 1),
                5,
                0,
            ),
        ];
        // Contoso's own Power BI Pro, bought by its admin: 200 licenses free for Move users
        // (and for approving license requests)
        rows.push((
            "sub_contoso_power_bi",
            "org_contoso",
            "prd_power_bi_pro_eur",
            "usr_adele",
            0,
            0,
            "active",
            1,
            250,
            add_months(t, -5),
            add_months(t, 1),
            50,
            POWER_BI_PEOPLE_FROM,
        ));
        for (i, (id, purchaser)) in TAKE_CONTROL_PURCHASES.into_iter().enumerate() {
            rows.push((
                id,
                "org_contoso",
                "prd_power_bi_pro_eur",
                purchaser,
                1,
                0,
                "active",
                1,
                5,
                add_months(t, -1) + Duration::days(i as i64),
                add_months(t, 1) + Duration::days(i as i64),
                3,
                POWER_BI_PEOPLE_FROM + 50 + 3 * i,
            ));
        }
        for (
            id,
            org,
            product,
            purchaser,
            self_service,
            trial,
            status,
            recurring,
            licenses,
            started,
            term_end,
            assigned,
            skipped,
        ) in rows
        {
            // each purchaser pays with their own card, on their own billing profile
            let (profile, payment) = match purchaser {
                "usr_megan" => ("bp_contoso".to_owned(), "pm_megan_visa".to_owned()),
                "usr_alex" => ("bp_alex".to_owned(), "pm_alex_mastercard".to_owned()),
                "usr_lars" => ("bp_fabrikam".to_owned(), "pm_lars_visa".to_owned()),
                // Adele and the team leads: their own profile and Visa
                other => {
                    let name = &other["usr_".len()..];
                    (format!("bp_{name}"), format!("pm_{name}_visa"))
                }
            };
            let canceled_at = (status == "canceled").then_some(self.now - 10 * 86_400);
            sqlx::query(
                "INSERT INTO subscriptions (id, organization_id, product_id, purchaser_id, billing_profile_id, payment_method_id,
                    self_service, is_trial, status, recurring_billing, total_licenses, price_per_license_minor, currency,
                    started_on, term_end_date, canceled_at, created_at, updated_at)
                 SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, p.price_per_license_minor, p.currency, $12, $13, $14, $15, $15
                 FROM products p WHERE p.id = $3",
            )
            .bind(id)
            .bind(org)
            .bind(product)
            .bind(purchaser)
            .bind(profile.as_str())
            .bind((trial == 0).then_some(payment.as_str()))
            .bind(self_service)
            .bind(trial)
            .bind(status)
            .bind(recurring)
            .bind(licenses)
            .bind(started.to_string())
            .bind(term_end.to_string())
            .bind(canceled_at)
            .bind(self.now - (t - started).whole_seconds())
            .execute(&mut **tx)
            .await?;
            // The named people first, so the demo shows Søren, Jürgen and Åsa holding licenses.
            sqlx::query(
                "INSERT INTO license_assignments (subscription_id, user_id, organization_id, assigned_by, assigned_at)
                 SELECT $1, u.id, u.organization_id, $2, $3 FROM users u
                 WHERE u.organization_id = $4 AND u.password_hash IS NULL
                 ORDER BY CASE WHEN u.id IN ('usr_soren', 'usr_jurgen', 'usr_asa', 'usr_maarten') THEN 0 ELSE 1 END, u.id
                 LIMIT $5 OFFSET $6",
            )
            .bind(id)
            .bind(purchaser)
            .bind(self.now - 86_400)
            .bind(org)
            .bind(assigned as i64)
            .bind(skipped as i64)
            .execute(&mut **tx)
            .await?;
        }
        Ok(())
    }
}
