//! The demo subscriptions (Megan's four, Alex's, Adele's, Lars's) and their assigned licenses.

use sqlx::{Any, Transaction};
use time::{Date, Duration};

use super::Seeder;
use crate::billing::add_months;

/// (id, organization, product, purchaser, self-service, trial, status, recurring billing, licenses,
/// started, term end, people assigned)
type SeedSubscription =
    (&'static str, &'static str, &'static str, &'static str, i64, i64, &'static str, i64, i64, Date, Date, usize);

impl Seeder {
    pub(super) async fn subscriptions(&self, tx: &mut Transaction<'_, Any>) -> sqlx::Result<()> {
        let t = self.today;
        // (id, org, product, purchaser, self-service, trial, status, recurring, licenses, started, term end, assigned)
        let rows: [SeedSubscription; 7] = [
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
            ),
        ];
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
        ) in rows
        {
            // each purchaser pays with their own card, on their own billing profile
            let (profile, payment) = match purchaser {
                "usr_megan" => ("bp_contoso", "pm_megan_visa"),
                "usr_alex" => ("bp_alex", "pm_alex_mastercard"),
                "usr_adele" => ("bp_adele", "pm_adele_visa"),
                _ => ("bp_fabrikam", "pm_lars_visa"),
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
            .bind(profile)
            .bind((trial == 0).then_some(payment))
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
                 LIMIT $5",
            )
            .bind(id)
            .bind(purchaser)
            .bind(self.now - 86_400)
            .bind(org)
            .bind(assigned as i64)
            .execute(&mut **tx)
            .await?;
        }
        Ok(())
    }
}
