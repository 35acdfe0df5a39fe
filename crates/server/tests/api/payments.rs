//! The payment gateway as it is in real life: slow (hundreds of milliseconds) and sometimes
//! down. Charging must not stop other people's work, and a gateway that is down charges nothing
//! and says so.

use std::sync::Arc;
use std::time::{Duration, Instant};

use portal_api::purchases::{Payment, PurchaseRequest};
use portal_server::payments::TestGateway;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{
    self, MEGAN, MEGANS_POWER_BI, MEGANS_VISIO_TRIAL, POWER_BI_PRO, TestApp, assert_error, key, rows_in,
    spawn_app_with_payments,
};

/// Megan buys one Power BI Pro license with her saved Visa, with this key.
fn buy_one(app: &TestApp, megan: &reqwest::Client, key: &str) -> reqwest::RequestBuilder {
    let request = PurchaseRequest {
        product_id: POWER_BI_PRO.into(),
        licenses: 1,
        payment: Payment::SavedCard { payment_method_id: "pm_megan_visa".into() },
    };
    megan.post(app.url("/api/purchases")).header("Idempotency-Key", key).json(&request)
}

#[tokio::test]
async fn a_gateway_that_is_down_gets_503_with_its_own_code_and_nothing_is_charged_or_written() {
    let gateway = Arc::new(TestGateway::default());
    let app = spawn_app_with_payments(gateway.clone()).await;
    let megan = app.signed_in(MEGAN).await;
    let before = (rows_in(&app, "subscriptions").await, rows_in(&app, "invoices").await);
    gateway.set_down(true);
    let key = key();
    let buy = || buy_one(&app, &megan, &key);
    let response = buy().send().await.expect("sent");
    assert_error(response, StatusCode::SERVICE_UNAVAILABLE, "gateway_unavailable", None).await;
    assert_eq!((rows_in(&app, "subscriptions").await, rows_in(&app, "invoices").await), before);
    assert_eq!(gateway.charge_count(), 0);

    // back up: the same request with the same key goes through, charged once
    gateway.set_down(false);
    let response = buy().send().await.expect("sent");
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(gateway.charge_count(), 1);
}

#[tokio::test]
async fn ten_purchases_at_once_are_charged_side_by_side_not_one_after_another() {
    let latency = Duration::from_millis(200);
    let gateway = Arc::new(TestGateway::with_latency(latency));
    let app = spawn_app_with_payments(gateway.clone()).await;
    let megan = app.signed_in(MEGAN).await;
    let started = Instant::now();
    let tasks: Vec<_> = (0..10)
        .map(|_| {
            let request = buy_one(&app, &megan, &key());
            tokio::spawn(async move { request.send().await.expect("sent").status() })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.expect("ends"), StatusCode::CREATED);
    }
    let took = started.elapsed();
    println!("10 concurrent purchases with a {latency:?} gateway: {took:?}");
    // how long is the bench's to say; that none waited for another's charge is this test's
    assert!(gateway.most_at_once() >= 2, "the charges went to the gateway one after another");
    assert_eq!(gateway.charge_count(), 10, "each charged once");
}

#[tokio::test]
async fn assigning_licenses_is_not_held_up_by_a_purchase_waiting_for_the_gateway() {
    let gateway = Arc::new(TestGateway::with_latency(Duration::from_millis(1500)));
    let app = spawn_app_with_payments(gateway.clone()).await;
    let megan = app.signed_in(MEGAN).await;
    let purchase = buy_one(&app, &megan, &key());
    let purchase = tokio::spawn(async move { purchase.send().await.expect("sent").status() });
    tokio::time::sleep(Duration::from_millis(200)).await;

    assign_one_while_charging(&app, &megan, &gateway, "purchase").await;
    assert!(!purchase.is_finished(), "the purchase was still waiting for the gateway");
    assert_eq!(purchase.await.expect("ends"), StatusCode::CREATED);
}

/// A license total change of one of Megan's subscriptions, with its key.
fn new_total(app: &TestApp, megan: &reqwest::Client, id: &str, total: i64, key: &str) -> reqwest::RequestBuilder {
    megan
        .put(app.url(&format!("/api/subscriptions/{id}/licenses")))
        .header("Idempotency-Key", key)
        .json(&json!({ "total_licenses": total }))
}

async fn total_of(app: &TestApp, id: &str) -> i64 {
    sqlx::query_scalar("SELECT total_licenses FROM subscriptions WHERE id = $1")
        .bind(id)
        .fetch_one(&app.db)
        .await
        .expect("read")
}

#[tokio::test]
async fn ten_license_increases_on_different_subscriptions_at_once_are_charged_side_by_side() {
    let latency = Duration::from_millis(200);
    let gateway = Arc::new(TestGateway::with_latency(latency));
    let app = spawn_app_with_payments(gateway.clone()).await;
    let megan = app.signed_in(MEGAN).await;
    let bought: Vec<_> = (0..10)
        .map(|_| {
            let request = buy_one(&app, &megan, &key());
            tokio::spawn(async move { request.send().await.expect("sent").json::<serde_json::Value>().await })
        })
        .collect();
    let mut ids = Vec::new();
    for task in bought {
        ids.push(task.await.expect("ends").expect("a subscription")["id"].as_str().expect("its id").to_owned());
    }
    let invoices_before = rows_in(&app, "invoices").await;

    let started = Instant::now();
    let tasks: Vec<_> = ids
        .iter()
        .map(|id| {
            let request = new_total(&app, &megan, id, 2, &key());
            tokio::spawn(async move { request.send().await.expect("sent").status() })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.expect("ends"), StatusCode::OK);
    }
    let took = started.elapsed();
    println!("10 concurrent license increases with a {latency:?} gateway: {took:?}");
    assert!(gateway.most_at_once() >= 2, "the increases were charged one after another");
    assert_eq!(gateway.charge_count(), 20, "10 purchases and 10 increases, each charged once");
    assert_eq!(rows_in(&app, "invoices").await, invoices_before + 10, "one invoice per increase");
    for id in &ids {
        assert_eq!(total_of(&app, id).await, 2);
    }
}

#[tokio::test]
async fn an_assignment_is_not_held_up_by_a_license_increase_of_the_same_subscription_waiting_for_the_gateway() {
    let gateway = Arc::new(TestGateway::with_latency(Duration::from_millis(1500)));
    let app = spawn_app_with_payments(gateway.clone()).await;
    let megan = app.signed_in(MEGAN).await;
    let total = total_of(&app, MEGANS_POWER_BI).await;
    let increase = new_total(&app, &megan, MEGANS_POWER_BI, total + 5, &key());
    let increase = tokio::spawn(async move { increase.send().await.expect("sent").status() });
    tokio::time::sleep(Duration::from_millis(200)).await;

    assign_one_while_charging(&app, &megan, &gateway, "increase").await;
    assert!(!increase.is_finished(), "the increase was still waiting for the gateway");
    assert_eq!(increase.await.expect("ends"), StatusCode::OK);
    assert_eq!(total_of(&app, MEGANS_POWER_BI).await, total + 5);
    assert_eq!(gateway.charge_count(), 1);
}

#[tokio::test]
async fn the_same_license_increase_sent_twice_at_once_with_one_key_charges_once() {
    let gateway = Arc::new(TestGateway::with_latency(Duration::from_millis(200)));
    let app = spawn_app_with_payments(gateway.clone()).await;
    let megan = app.signed_in(MEGAN).await;
    let total = total_of(&app, MEGANS_POWER_BI).await;
    let invoices_before = rows_in(&app, "invoices").await;
    let key = key();
    let tasks: Vec<_> = (0..2)
        .map(|_| {
            let request = new_total(&app, &megan, MEGANS_POWER_BI, total + 3, &key);
            tokio::spawn(async move {
                let response = request.send().await.expect("sent");
                (response.status(), response.text().await.expect("a body"))
            })
        })
        .collect();
    let mut answers = Vec::new();
    for task in tasks {
        answers.push(task.await.expect("ends"));
    }
    assert_eq!(answers[0].0, StatusCode::OK, "{}", answers[0].1);
    assert_eq!(answers[0], answers[1], "the second gets the first's answer");
    let again = new_total(&app, &megan, MEGANS_POWER_BI, total + 3, &key).send().await.expect("sent");
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(gateway.charge_count(), 1, "charged once");
    assert_eq!(rows_in(&app, "invoices").await, invoices_before + 1, "invoiced once");
    assert_eq!(total_of(&app, MEGANS_POWER_BI).await, total + 3);
}

#[tokio::test]
async fn a_change_sent_while_an_increase_is_being_charged_waits_for_it_and_starts_from_its_total() {
    let gateway = Arc::new(TestGateway::with_latency(Duration::from_millis(600)));
    let app = spawn_app_with_payments(gateway.clone()).await;
    let megan = app.signed_in(MEGAN).await;
    let total = total_of(&app, MEGANS_POWER_BI).await;
    let increase = new_total(&app, &megan, MEGANS_POWER_BI, total + 5, &key());
    let increase = tokio::spawn(async move { increase.send().await.expect("sent").status() });
    tokio::time::sleep(Duration::from_millis(150)).await;

    // +5 is being charged; this asks for +2 from the total before it: after the +5, that is
    // removing 3 (a credit, no charge), not adding 2.
    let response = new_total(&app, &megan, MEGANS_POWER_BI, total + 2, &key()).send().await.expect("sent");
    assert_eq!(response.status(), StatusCode::OK, "{}", response.text().await.unwrap_or_default());
    assert!(increase.is_finished(), "the second change waited for the first");
    assert_eq!(increase.await.expect("ends"), StatusCode::OK);
    assert_eq!(total_of(&app, MEGANS_POWER_BI).await, total + 2, "the later change is the total");
    assert_eq!(gateway.charge_count(), 1, "only the increase charged");
    let credited: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM credits WHERE subscription_id = $1 AND reason = 'licenses_removed'")
            .bind(MEGANS_POWER_BI)
            .fetch_one(&app.db)
            .await
            .expect("counted");
    assert_eq!(credited, 1, "the 3 removed after the increase are credited");
}

#[tokio::test]
async fn while_a_trial_is_bought_for_fewer_licenses_than_it_has_no_more_are_assigned_than_that() {
    let gateway = Arc::new(TestGateway::with_latency(Duration::from_millis(800)));
    let app = spawn_app_with_payments(gateway.clone()).await;
    let megan = app.signed_in(MEGAN).await;
    let assigned: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM license_assignments WHERE subscription_id = $1")
        .bind(MEGANS_VISIO_TRIAL)
        .fetch_one(&app.db)
        .await
        .expect("counted");
    // The trial has 25 licenses; buying it with as many as are assigned leaves none free.
    let buy = megan
        .post(app.url(&format!("/api/subscriptions/{MEGANS_VISIO_TRIAL}/purchase")))
        .header("Idempotency-Key", key())
        .json(&json!({ "licenses": assigned, "payment": { "saved_card": { "payment_method_id": "pm_megan_visa" } } }));
    let buy = tokio::spawn(async move { buy.send().await.expect("sent").status() });
    tokio::time::sleep(Duration::from_millis(200)).await;

    let (someone,): (String,) = sqlx::query_as(
        "SELECT id FROM users WHERE organization_id = 'org_contoso' AND password_hash IS NULL
           AND id NOT IN (SELECT user_id FROM license_assignments) ORDER BY id LIMIT 1",
    )
    .fetch_one(&app.db)
    .await
    .expect("someone without a license");
    let response = megan
        .post(app.url("/api/licenses/prd_visio_plan_2_eur/assignments"))
        .json(&json!({ "user_ids": [someone] }))
        .send()
        .await
        .expect("sent");
    assert_error(response, StatusCode::CONFLICT, "not_enough_licenses", None).await;
    assert_eq!(buy.await.expect("ends"), StatusCode::OK);
    let (total, held): (i64, i64) = sqlx::query_as(
        "SELECT total_licenses, (SELECT COUNT(*) FROM license_assignments a WHERE a.subscription_id = s.id)
         FROM subscriptions s WHERE id = $1",
    )
    .bind(MEGANS_VISIO_TRIAL)
    .fetch_one(&app.db)
    .await
    .expect("read");
    assert_eq!((total, held), (assigned, assigned), "bought as many as held, and no more held");
}

/// Assigns Megan's Power BI Pro to one person who holds none, while `what`'s charge is at the
/// gateway, and checks the assignment answers before the charge does.
async fn assign_one_while_charging(app: &TestApp, megan: &reqwest::Client, gateway: &TestGateway, what: &str) {
    let someone = helpers::without_license(&app.db, POWER_BI_PRO, 1).await;
    let started = Instant::now();
    let response = megan
        .post(app.url(&format!("/api/licenses/{POWER_BI_PRO}/assignments")))
        .json(&json!({ "user_ids": someone }))
        .send()
        .await
        .expect("sent");
    println!("the assignment answered in {:?}", started.elapsed());
    assert_eq!(response.status(), StatusCode::OK, "{}", response.text().await.unwrap_or_default());
    assert_eq!(gateway.in_flight(), 1, "the assignment answered while the {what}'s charge was at the gateway");
}
