//! Billing > Your products and Purchase services, every rule: buying and exactly-once requests
//! (buying.rs), trials (trials.rs), canceling and reactivating (canceling.rs); here, license
//! totals and who may change a subscription, and what the files share.

mod buying;
mod canceling;
mod trials;

use portal_api::cards::CardInput;
use portal_api::purchases::{Payment, PurchaseQuote, PurchaseRequest, TrialRequest};
use portal_api::subscriptions::{
    CancelMode, CancelReason, CancelRequest, CancellationQuote, LicenseChangeQuote, Subscription, SubscriptionStatus,
};
use reqwest::{Client, Response, StatusCode};
use serde::Serialize;
use serde_json::{Value, json};
use time::Duration;

use crate::helpers::{
    ADELE, ALEX, LARS, MEGAN, MEGANS_POWER_BI, MEGANS_PROJECT, MEGANS_VISIO_TRIAL, POWER_BI_PRO, TestApp, VISIO_PLAN_2,
    assert_error, created, key, ok, rows_in, spawn_app,
};

fn saved_card() -> Payment {
    Payment::SavedCard { payment_method_id: "pm_megan_visa".into() }
}

fn new_card(number: &str) -> Payment {
    Payment::NewCard(CardInput::sample(number))
}

async fn send(app: &TestApp, client: &Client, method: &str, path: &str, key: &str, body: &impl Serialize) -> Response {
    app.change(client, method, path, key, Some(body)).await
}

async fn buy(app: &TestApp, client: &Client, product_id: &str, licenses: i64, payment: Payment) -> Response {
    let body = PurchaseRequest { product_id: product_id.into(), licenses, payment };
    send(app, client, "POST", "/api/purchases", &key(), &body).await
}

async fn set_total(app: &TestApp, client: &Client, id: &str, total: i64) -> Response {
    send(app, client, "PUT", &format!("/api/subscriptions/{id}/licenses"), &key(), &json!({ "total_licenses": total }))
        .await
}

async fn cancel(app: &TestApp, client: &Client, id: &str, mode: CancelMode) -> Response {
    let body = CancelRequest { reason: CancelReason::TooExpensive, feedback: Some("We use Tableau now.".into()), mode };
    send(app, client, "POST", &format!("/api/subscriptions/{id}/cancellation"), &key(), &body).await
}

async fn subscription(app: &TestApp, client: &Client, id: &str) -> Subscription {
    ok(app.get(client, &format!("/api/subscriptions/{id}")).await).await
}

/// Rows of the tables a purchase writes, to prove a refused one wrote nothing.
async fn footprint(app: &TestApp) -> Vec<i64> {
    let mut counts = Vec::new();
    for table in
        ["subscriptions", "payment_methods", "invoices", "invoice_lines", "audit_events", "idempotency_keys", "credits"]
    {
        counts.push(rows_in(app, table).await);
    }
    counts
}

async fn audit_actions(app: &TestApp, subject: &str) -> Vec<(String, Option<String>)> {
    sqlx::query_as("SELECT action, after_json FROM audit_events WHERE subject_id = $1 ORDER BY created_at, id")
        .bind(subject)
        .fetch_all(&app.db)
        .await
        .expect("audit events read")
}

// ---- license totals ----

#[tokio::test]
async fn buy_licenses_by_entering_the_new_total_and_remove_them_again() {
    let app = spawn_app().await;
    app.advance(Duration::days(10)); // 21 of the term's 31 days left
    let megan = app.signed_in(MEGAN).await;
    let quote: LicenseChangeQuote =
        ok(app.get(&megan, &format!("/api/subscriptions/{MEGANS_POWER_BI}/license-change?total_licenses=105")).await)
            .await;
    // 5 × €14 × 21/31 = €47.42, tax 21 % = €9.96
    assert_eq!((quote.current_total, quote.new_total), (100, 105));
    assert_eq!(
        (quote.price.subtotal.amount_minor, quote.price.tax.amount_minor, quote.price.total.amount_minor),
        (4742, 996, 5738)
    );
    assert_eq!(quote.applies_on, "2026-03-25", "charged today");
    let changed: Subscription = ok(set_total(&app, &megan, MEGANS_POWER_BI, 105).await).await;
    assert_eq!(changed.total_licenses, 105);
    let charged: i64 = sqlx::query_scalar(
        "SELECT i.total_minor FROM invoices i JOIN invoice_lines l ON l.invoice_id = i.id
         WHERE l.subscription_id = $1 AND i.issued_on = '2026-03-25'",
    )
    .bind(MEGANS_POWER_BI)
    .fetch_one(&app.db)
    .await
    .expect("an invoice for the added licenses");
    assert_eq!(charged, 5738);

    // and back: a credit on the next invoice
    let back: LicenseChangeQuote =
        ok(app.get(&megan, &format!("/api/subscriptions/{MEGANS_POWER_BI}/license-change?total_licenses=100")).await)
            .await;
    assert_eq!((back.price.total.amount_minor, back.applies_on.as_str()), (-5738, "2026-04-15"));
    let changed: Subscription = ok(set_total(&app, &megan, MEGANS_POWER_BI, 100).await).await;
    assert_eq!(changed.total_licenses, 100);
    let credit: (i64, i64, String, String) =
        sqlx::query_as("SELECT subtotal_minor, tax_minor, applies_on, reason FROM credits WHERE subscription_id = $1")
            .bind(MEGANS_POWER_BI)
            .fetch_one(&app.db)
            .await
            .expect("a credit");
    assert_eq!(credit, (4742, 996, "2026-04-15".into(), "licenses_removed".into()));
    let actions: Vec<String> = audit_actions(&app, MEGANS_POWER_BI).await.into_iter().map(|(a, _)| a).collect();
    assert_eq!(actions, ["subscription.licenses_changed", "subscription.licenses_changed"]);
}

#[tokio::test]
async fn the_total_cannot_go_below_the_licenses_assigned_and_the_answer_says_how_many_to_unassign() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    for response in [
        set_total(&app, &megan, MEGANS_POWER_BI, 35).await,
        app.get(&megan, &format!("/api/subscriptions/{MEGANS_POWER_BI}/license-change?total_licenses=35")).await,
    ] {
        let error = assert_error(response, StatusCode::CONFLICT, "below_assigned", Some("total_licenses")).await;
        assert_eq!(error["count"], 5, "40 assigned: unassign 5 people first");
    }
    // exactly the assigned count is fine
    ok::<Subscription>(set_total(&app, &megan, MEGANS_POWER_BI, 40).await).await;
}

#[tokio::test]
async fn license_totals_follow_the_rules() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    let before = footprint(&app).await;
    assert_error(
        set_total(&app, &megan, MEGANS_POWER_BI, 100).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "no_change",
        Some("total_licenses"),
    )
    .await;
    assert_error(
        set_total(&app, &megan, MEGANS_POWER_BI, 0).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "out_of_range",
        Some("total_licenses"),
    )
    .await;
    assert_error(
        set_total(&app, &megan, MEGANS_POWER_BI, 1001).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "out_of_range",
        Some("total_licenses"),
    )
    .await;
    assert_error(
        set_total(&app, &megan, MEGANS_VISIO_TRIAL, 30).await,
        StatusCode::CONFLICT,
        "trial_not_changeable",
        None,
    )
    .await;
    assert_error(set_total(&app, &megan, "sub_megan_power_apps", 6).await, StatusCode::CONFLICT, "wrong_status", None)
        .await;
    assert_error(
        send(
            &app,
            &megan,
            "PUT",
            &format!("/api/subscriptions/{MEGANS_POWER_BI}/licenses"),
            &key(),
            &json!({ "total_licenses": "105" }),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_body",
        Some("total_licenses"),
    )
    .await;
    assert_eq!(footprint(&app).await, before);
}

// ---- who may do what ----

#[tokio::test]
async fn only_the_purchaser_changes_a_subscription() {
    let app = spawn_app().await;
    let alex = app.signed_in(ALEX).await;
    let adele = app.signed_in(ADELE).await;
    let lars = app.signed_in(LARS).await;
    let before = footprint(&app).await;
    for (client, status, code) in [
        (&alex, StatusCode::NOT_FOUND, "not_found"),
        (&lars, StatusCode::NOT_FOUND, "not_found"),
        (&adele, StatusCode::FORBIDDEN, "read_only"),
    ] {
        assert_error(set_total(&app, client, MEGANS_POWER_BI, 105).await, status, code, None).await;
        assert_error(cancel(&app, client, MEGANS_POWER_BI, CancelMode::Now).await, status, code, None).await;
        assert_error(
            app.get(client, &format!("/api/subscriptions/{MEGANS_POWER_BI}/license-change?total_licenses=105")).await,
            status,
            code,
            None,
        )
        .await;
        assert_error(
            app.get(client, &format!("/api/subscriptions/{MEGANS_POWER_BI}/cancellation")).await,
            status,
            code,
            None,
        )
        .await;
        assert_error(
            send(
                &app,
                client,
                "POST",
                &format!("/api/subscriptions/{MEGANS_VISIO_TRIAL}/purchase"),
                &key(),
                &json!({ "licenses": 5, "payment": { "saved_card": { "payment_method_id": "pm_megan_visa" } } }),
            )
            .await,
            status,
            code,
            None,
        )
        .await;
    }
    // the admin reads it, and sees she cannot change it
    let read = subscription(&app, &adele, MEGANS_POWER_BI).await;
    assert!(!read.can_change);
    assert_eq!(footprint(&app).await, before);
}
