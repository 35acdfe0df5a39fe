//! Many subscriptions at once, for the tests and benchmarks of the admin's purchase list:
//! `n` purchases in Contoso by people of its directory, of every product, some admin-managed,
//! some trials, with varied totals, expiry dates and assigned people, inserted in one
//! transaction.

use time::{Date, Duration};

use crate::db::Db;

/// Statuses the bulk purchases cycle through (a trial every seventh).
const STATUSES: [&str; 4] = ["active", "active", "recurring_billing_off", "canceled"];

/// Inserts `n` subscriptions `sub_bulk_00000`… into Contoso (people of its directory who
/// cannot sign in buy them, on Megan's billing profile), one in ten with up to four people assigned.
pub async fn subscriptions(db: &Db, n: usize, today: Date, now: i64) -> anyhow::Result<()> {
    let people: Vec<(String,)> = sqlx::query_as(
        "SELECT id FROM users WHERE organization_id = 'org_contoso' AND password_hash IS NULL ORDER BY id",
    )
    .fetch_all(db)
    .await?;
    let products: Vec<(String, i64)> =
        sqlx::query_as("SELECT id, price_per_license_minor FROM products WHERE currency = 'EUR' ORDER BY id")
            .fetch_all(db)
            .await?;
    anyhow::ensure!(!people.is_empty() && !products.is_empty(), "the demo seed runs first");
    let mut tx = db.begin().await?;
    for batch in (0..n).collect::<Vec<_>>().chunks(200) {
        let mut sql = String::from(
            "INSERT INTO subscriptions (id, organization_id, product_id, purchaser_id, billing_profile_id, payment_method_id,
                self_service, is_trial, status, recurring_billing, total_licenses, price_per_license_minor, currency,
                started_on, term_end_date, canceled_at, created_at, updated_at) VALUES ",
        );
        let mut assignments = Vec::new();
        for (k, &i) in batch.iter().enumerate() {
            let (product, price) = &products[i % products.len()];
            let purchaser = &people[(i * 7) % people.len()].0;
            let trial = i % 7 == 3;
            let status = if trial { "trial" } else { STATUSES[i % STATUSES.len()] };
            let self_service = i64::from(i % 5 != 0);
            let total = 1 + (i * 37) % 400;
            // never today: a term that ends today would be settled (expired) by the first request
            let term_end = today + Duration::days(1 + ((i * 13) % 365) as i64);
            let canceled_at = if status == "canceled" { now.to_string() } else { "NULL".into() };
            if k > 0 {
                sql.push(',');
            }
            sql.push_str(&format!(
                "('sub_bulk_{i:05}', 'org_contoso', '{product}', '{purchaser}', 'bp_contoso', NULL, {self_service}, {},
                  '{status}', 1, {total}, {price}, 'EUR', '{today}', '{term_end}', {canceled_at}, {now}, {now})",
                i64::from(trial)
            ));
            if i % 10 == 1 {
                for j in 0..((i / 10) % 5).min(total) {
                    assignments.push(format!(
                        "('sub_bulk_{i:05}', '{}', 'org_contoso', '{purchaser}', {now})",
                        people[(i * 3 + j * 11) % people.len()].0
                    ));
                }
            }
        }
        sqlx::query(&sql).execute(&mut *tx).await?;
        if !assignments.is_empty() {
            sqlx::query(&format!(
                "INSERT INTO license_assignments (subscription_id, user_id, organization_id, assigned_by, assigned_at) VALUES {}",
                assignments.join(", ")
            ))
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}
