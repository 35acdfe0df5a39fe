//! The count of a subscription's assigned licenses is kept by the database (triggers on
//! `license_assignments`), not counted on every read: whatever writes assignments, the count
//! stays the number of rows.

use portal_api::subscriptions::{CancelMode, CancelReason, CancelRequest};
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{ADELE, CONTOSO_POWER_BI, JONIS_POWER_BI, MEGAN, MEGANS_PROJECT, TestApp, key, spawn_app};

/// Subscriptions whose kept count is not the number of their assignments: (id, kept, rows).
async fn miscounted(app: &TestApp) -> Vec<(String, i64, i64)> {
    sqlx::query_as(
        "SELECT id, assigned_licenses, (SELECT COUNT(*) FROM license_assignments a WHERE a.subscription_id = s.id)
         FROM subscriptions s
         WHERE assigned_licenses <> (SELECT COUNT(*) FROM license_assignments a WHERE a.subscription_id = s.id)",
    )
    .fetch_all(&app.db)
    .await
    .expect("read")
}

async fn assigned(app: &TestApp, id: &str) -> i64 {
    sqlx::query_scalar("SELECT assigned_licenses FROM subscriptions WHERE id = $1")
        .bind(id)
        .fetch_one(&app.db)
        .await
        .expect("read")
}

#[tokio::test]
async fn the_assigned_count_follows_assigning_unassigning_moving_and_canceling() {
    let app = spawn_app().await;
    assert_eq!(miscounted(&app).await, [], "the seed's assignments are counted");
    let megan = app.signed_in(MEGAN).await;
    let before = assigned(&app, MEGANS_PROJECT).await;
    let people: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM users WHERE organization_id = 'org_contoso' AND password_hash IS NULL
           AND id NOT IN (SELECT user_id FROM license_assignments) ORDER BY id LIMIT 3",
    )
    .fetch_all(&app.db)
    .await
    .expect("people without a license");
    let path = "/api/licenses/prd_project_plan_3_eur";
    let response = megan.post(app.url(&format!("{path}/assignments"))).json(&json!({ "user_ids": people[..3] })).send();
    assert_eq!(response.await.expect("sent").status(), StatusCode::OK);
    assert_eq!(assigned(&app, MEGANS_PROJECT).await, before + 3);
    let response =
        megan.post(app.url(&format!("{path}/unassignments"))).json(&json!({ "user_ids": [people[0]] })).send();
    assert_eq!(response.await.expect("sent").status(), StatusCode::OK);
    assert_eq!(assigned(&app, MEGANS_PROJECT).await, before + 2);
    assert_eq!(miscounted(&app).await, []);

    // Move users: Joni's people go to the organization's subscription.
    let adele = app.signed_in(ADELE).await;
    let (joni, contoso) = (assigned(&app, JONIS_POWER_BI).await, assigned(&app, CONTOSO_POWER_BI).await);
    let taken = adele.post(app.url(&format!("/api/subscriptions/{JONIS_POWER_BI}/take-control"))).send();
    assert_eq!(taken.await.expect("sent").status(), StatusCode::OK);
    let body = json!({ "target_subscription_id": CONTOSO_POWER_BI });
    let path = format!("/api/subscriptions/{JONIS_POWER_BI}/move-users");
    assert_eq!(app.change(&adele, "POST", &path, &key(), Some(&body)).await.status(), StatusCode::OK);
    assert_eq!((assigned(&app, JONIS_POWER_BI).await, assigned(&app, CONTOSO_POWER_BI).await), (0, contoso + joni));

    // Canceling now releases every license.
    let cancel = CancelRequest { reason: CancelReason::NoLongerNeeded, feedback: None, mode: CancelMode::Now };
    let path = format!("/api/subscriptions/{MEGANS_PROJECT}/cancellation");
    assert_eq!(app.change(&megan, "POST", &path, &key(), Some(&cancel)).await.status(), StatusCode::OK);
    assert_eq!(assigned(&app, MEGANS_PROJECT).await, 0);
    assert_eq!(miscounted(&app).await, []);
}
