//! One person, one license of a product, whoever assigns it: the check before writing, and the
//! database's own index behind it (two purchasers assigning the same person at the same instant
//! on PostgreSQL, where writers do not take turns, cannot both succeed).

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{JONI, JONIS_POWER_BI, MEGAN, MEGANS_POWER_BI, POWER_BI_PRO, count, spawn_app, without_license};

#[tokio::test]
async fn two_purchasers_assigning_one_person_at_once_give_them_one_license() {
    let app = spawn_app().await;
    let (megan, joni) = (app.signed_in(MEGAN).await, app.signed_in(JONI).await);
    sqlx::query("UPDATE subscriptions SET total_licenses = total_licenses + 30 WHERE id IN ($1, $2)")
        .bind(MEGANS_POWER_BI)
        .bind(JONIS_POWER_BI)
        .execute(&app.db)
        .await
        .expect("room on both");
    let people = without_license(&app.db, POWER_BI_PRO, 15).await;
    let path = app.url(&format!("/api/licenses/{POWER_BI_PRO}/assignments"));
    for person in &people {
        let body = json!({ "user_ids": [person] });
        let (by_megan, by_joni) =
            tokio::join!(megan.post(&path).json(&body).send(), joni.post(&path).json(&body).send());
        let statuses = [by_megan.expect("answered").status(), by_joni.expect("answered").status()];
        assert_eq!(
            statuses.iter().filter(|s| s.is_success()).count(),
            1,
            "exactly one of the two gives {person} a license: {statuses:?}"
        );
        assert!(statuses.contains(&StatusCode::CONFLICT), "the other is told they have one: {statuses:?}");
        let held = count(
            &app,
            &format!(
                "SELECT COUNT(*) FROM license_assignments a JOIN subscriptions s ON s.id = a.subscription_id
                 WHERE s.product_id = '{POWER_BI_PRO}' AND a.user_id = '{person}'"
            ),
        )
        .await;
        assert_eq!(held, 1, "{person}");
    }
}

#[tokio::test]
async fn the_database_itself_refuses_a_second_license_of_a_product() {
    let app = spawn_app().await;
    let holder: String = sqlx::query_scalar(
        "SELECT user_id FROM license_assignments WHERE subscription_id = $1 ORDER BY user_id LIMIT 1",
    )
    .bind(MEGANS_POWER_BI)
    .fetch_one(&app.db)
    .await
    .expect("someone holds Megan's Power BI Pro");
    let second = sqlx::query(
        "INSERT INTO license_assignments (subscription_id, user_id, organization_id, assigned_by, assigned_at, holding_product_id)
         VALUES ($1, $2, 'org_contoso', 'usr_joni', 0, $3)",
    )
    .bind(JONIS_POWER_BI)
    .bind(&holder)
    .bind(POWER_BI_PRO)
    .execute(&app.db)
    .await
    .expect_err("a second license of the product is refused");
    assert!(portal_server::db::licenses::is_second_license(&second), "{second}");
    let unmarked: i64 = count(
        &app,
        "SELECT COUNT(*) FROM license_assignments a JOIN subscriptions s ON s.id = a.subscription_id
         WHERE s.status IN ('active', 'trial', 'recurring_billing_off') AND a.holding_product_id IS NULL",
    )
    .await;
    assert_eq!(unmarked, 0, "every license held is marked with its product, the demo's too");
}
