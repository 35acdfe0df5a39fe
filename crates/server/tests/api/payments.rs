//! The payment gateway as it is in real life: slow (hundreds of milliseconds) and sometimes
//! down. Charging must not stop other people's work, and a gateway that is down charges nothing
//! and says so.

use std::sync::Arc;
use std::time::{Duration, Instant};

use portal_api::purchases::{Payment, PurchaseRequest};
use portal_server::payments::TestGateway;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{MEGAN, TestApp, assert_error, spawn_app_with_payments};

fn key() -> String {
    format!("test-{}", hex::encode(rand::random::<[u8; 8]>()))
}

fn one_license(product_id: &str) -> PurchaseRequest {
    PurchaseRequest {
        product_id: product_id.into(),
        licenses: 1,
        payment: Payment::SavedCard { payment_method_id: "pm_megan_visa".into() },
    }
}

async fn count(app: &TestApp, table: &str) -> i64 {
    let (n,): (i64,) =
        sqlx::query_as(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(&app.db).await.expect("counted");
    n
}

#[tokio::test]
async fn a_gateway_that_is_down_gets_503_with_its_own_code_and_nothing_is_charged_or_written() {
    let gateway = Arc::new(TestGateway::default());
    let app = spawn_app_with_payments(gateway.clone()).await;
    let megan = app.signed_in(MEGAN).await;
    let before = (count(&app, "subscriptions").await, count(&app, "invoices").await);
    gateway.set_down(true);
    let key = key();
    let buy = || {
        megan.post(app.url("/api/purchases")).header("Idempotency-Key", &key).json(&one_license("prd_power_bi_pro_eur"))
    };
    let response = buy().send().await.expect("sent");
    assert_error(response, StatusCode::SERVICE_UNAVAILABLE, "gateway_unavailable", None).await;
    assert_eq!((count(&app, "subscriptions").await, count(&app, "invoices").await), before);
    assert_eq!(gateway.charge_count(), 0);

    // back up: the same request with the same key goes through, charged once
    gateway.set_down(false);
    let response = buy().send().await.expect("sent");
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(gateway.charge_count(), 1);
}

#[tokio::test]
async fn ten_purchases_at_once_with_a_200_ms_gateway_take_about_one_latency_not_ten() {
    let latency = Duration::from_millis(200);
    let gateway = Arc::new(TestGateway::with_latency(latency));
    let app = spawn_app_with_payments(gateway.clone()).await;
    let megan = app.signed_in(MEGAN).await;
    let started = Instant::now();
    let tasks: Vec<_> = (0..10)
        .map(|_| {
            let request = megan
                .post(app.url("/api/purchases"))
                .header("Idempotency-Key", key())
                .json(&one_license("prd_power_bi_pro_eur"));
            tokio::spawn(async move { request.send().await.expect("sent").status() })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.expect("ends"), StatusCode::CREATED);
    }
    let took = started.elapsed();
    println!("10 concurrent purchases with a {latency:?} gateway: {took:?}");
    assert!(took < latency * 6, "10 purchases took {took:?}, as if they waited for each other");
    assert_eq!(gateway.charge_count(), 10, "each charged once");
}

#[tokio::test]
async fn assigning_licenses_is_not_held_up_by_a_purchase_waiting_for_the_gateway() {
    let gateway = Arc::new(TestGateway::with_latency(Duration::from_millis(1500)));
    let app = spawn_app_with_payments(gateway.clone()).await;
    let megan = app.signed_in(MEGAN).await;
    let purchase = megan
        .post(app.url("/api/purchases"))
        .header("Idempotency-Key", key())
        .json(&one_license("prd_power_bi_pro_eur"));
    let purchase = tokio::spawn(async move { purchase.send().await.expect("sent").status() });
    tokio::time::sleep(Duration::from_millis(200)).await;

    let (someone,): (String,) = sqlx::query_as(
        "SELECT id FROM users WHERE organization_id = 'org_contoso' AND password_hash IS NULL
           AND id NOT IN (SELECT user_id FROM license_assignments) ORDER BY id LIMIT 1",
    )
    .fetch_one(&app.db)
    .await
    .expect("someone without a license");
    let started = Instant::now();
    let response = megan
        .post(app.url("/api/licenses/prd_power_bi_pro_eur/assignments"))
        .json(&json!({ "user_ids": [someone] }))
        .send()
        .await
        .expect("sent");
    let took = started.elapsed();
    assert_eq!(response.status(), StatusCode::OK, "{}", response.text().await.unwrap_or_default());
    assert!(took < Duration::from_millis(700), "the assignment waited {took:?} for the purchase");
    assert!(!purchase.is_finished(), "the purchase was still waiting for the gateway");
    assert_eq!(purchase.await.expect("ends"), StatusCode::CREATED);
}
