//! Buying, trials, license totals, canceling and reactivating: every rule of Billing > Your
//! products and Purchase services, exactly-once requests, and who may do what.

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
    let url = app.url(path);
    let request = match method {
        "PUT" => client.put(url),
        _ => client.post(url),
    };
    request.header("Idempotency-Key", key).json(body).send().await.expect("the request is sent")
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

// ---- Purchase services ----

#[tokio::test]
async fn the_price_is_shown_before_buying_with_tax_as_its_own_line() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    let quote: PurchaseQuote = ok(app.get(&megan, "/api/products/prd_power_bi_pro_eur/quote?licenses=5").await).await;
    assert_eq!(quote.price_per_license_term.amount_minor, 1400);
    assert_eq!(
        (
            quote.price.subtotal.amount_minor,
            quote.price.tax_rate_bp,
            quote.price.tax.amount_minor,
            quote.price.total.amount_minor
        ),
        (7000, 2100, 1470, 8470)
    );
    assert_eq!(quote.term_end_date, "2026-04-15");
    // Visio is billed yearly: 12 months per license
    let annual: PurchaseQuote = ok(app.get(&megan, "/api/products/prd_visio_plan_2_eur/quote?licenses=2").await).await;
    assert_eq!((annual.price.subtotal.amount_minor, annual.term_end_date.as_str()), (36_000, "2027-03-15"));
    let error = assert_error(
        app.get(&megan, "/api/products/prd_power_bi_pro_eur/quote?licenses=1001").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "out_of_range",
        Some("licenses"),
    )
    .await;
    assert_eq!(error["count"], 1000);
    // a query that is not a number is a 422 in the error shape too, naming the parameter
    for path in [
        "/api/products/prd_power_bi_pro_eur/quote?licenses=five",
        "/api/products/prd_power_bi_pro_eur/quote",
        &format!("/api/subscriptions/{MEGANS_POWER_BI}/license-change?total_licenses=1e3"),
    ] {
        let response = app.get(&megan, path).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{path}");
        let body: Value = response.json().await.expect("JSON");
        assert_eq!(body["error"]["code"], "invalid_body", "{path}");
    }
}

#[tokio::test]
async fn buying_charges_once_and_creates_the_subscription_an_invoice_and_an_audit_event() {
    let app = spawn_app().await;
    let alex = app.signed_in(ALEX).await;
    let bought: Subscription = created(buy(&app, &alex, VISIO_PLAN_2, 3, new_card("4242 4242 4242 4242")).await).await;
    assert_eq!(bought.status, SubscriptionStatus::Active);
    assert!(bought.self_service && bought.recurring_billing && bought.can_change && !bought.is_trial);
    assert_eq!((bought.total_licenses, bought.assigned_licenses, bought.term_end_date.as_str()), (3, 0, "2027-03-15"));
    assert_eq!(bought.purchaser_name, "Alex Wilber");

    let (subtotal, tax, total, status): (i64, i64, i64, String) = sqlx::query_as(
        "SELECT i.subtotal_minor, i.tax_minor, i.total_minor, i.status FROM invoices i
         JOIN invoice_lines l ON l.invoice_id = i.id WHERE l.subscription_id = $1",
    )
    .bind(&bought.id)
    .fetch_one(&app.db)
    .await
    .expect("one invoice");
    assert_eq!((subtotal, tax, total, status.as_str()), (54_000, 11_340, 65_340, "paid"));
    let events = audit_actions(&app, &bought.id).await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].0, "subscription.purchased");

    // the new card is kept as brand, last 4 and expiry; its number and code are nowhere
    let card: (String, String, i64, i64, String) = sqlx::query_as(
        "SELECT brand, last4, expiry_month, expiry_year, gateway_token FROM payment_methods WHERE owner_id = 'usr_alex' AND id <> 'pm_alex_mastercard'",
    )
    .fetch_one(&app.db)
    .await
    .expect("the card is saved");
    assert_eq!((card.0.as_str(), card.1.as_str(), card.2, card.3), ("visa", "4242", 12, 2028));
    assert!(!card.4.contains("4242"));
    let every_text: Vec<(String,)> = sqlx::query_as(
        "SELECT gateway_token || name_on_card || address_line1 || city || postal_code FROM payment_methods
         UNION ALL SELECT COALESCE(before_json, '') || COALESCE(after_json, '') FROM audit_events
         UNION ALL SELECT COALESCE(response_body, '') FROM idempotency_keys",
    )
    .fetch_all(&app.db)
    .await
    .expect("read");
    assert!(every_text.iter().all(|(t,)| !t.contains("4242424242424242") && !t.contains("4242 4242 4242 4242")));

    // it is listed under Your products, newest first
    let list: Value = ok(app.get(&alex, "/api/subscriptions").await).await;
    assert_eq!(list["subscriptions"][0]["id"], bought.id.as_str());
}

#[tokio::test]
async fn a_declined_card_gets_402_and_nothing_is_created() {
    let app = spawn_app().await;
    let alex = app.signed_in(ALEX).await;
    let before = footprint(&app).await;
    assert_error(
        buy(&app, &alex, VISIO_PLAN_2, 3, new_card("4000 0000 0000 0002")).await,
        StatusCode::PAYMENT_REQUIRED,
        "card_declined",
        Some("payment"),
    )
    .await;
    // a card that is accepted but whose charge is declined leaves no card behind either
    assert_error(
        buy(&app, &alex, VISIO_PLAN_2, 3, new_card("4000 0000 0000 0341")).await,
        StatusCode::PAYMENT_REQUIRED,
        "card_declined",
        Some("payment"),
    )
    .await;
    assert_eq!(footprint(&app).await, before);
}

#[tokio::test]
async fn bad_purchases_are_refused_before_any_payment_call_and_write_nothing() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    let before = footprint(&app).await;
    let cases: Vec<(Response, StatusCode, &str, Option<&str>)> = vec![
        (
            buy(&app, &megan, POWER_BI_PRO, 1, new_card("4242 4242 4242 4241")).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "card_number_invalid",
            Some("number"),
        ),
        (
            buy(&app, &megan, POWER_BI_PRO, 0, saved_card()).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "out_of_range",
            Some("licenses"),
        ),
        (
            buy(&app, &megan, POWER_BI_PRO, 1001, saved_card()).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "out_of_range",
            Some("licenses"),
        ),
        (
            buy(&app, &megan, POWER_BI_PRO, 1, Payment::SavedCard { payment_method_id: "pm_lars_visa".into() })
                .await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "payment_method_required",
            Some("payment"),
        ),
        (
            buy(&app, &megan, "prd_microsoft_365_e3_eur", 1, saved_card()).await,
            StatusCode::FORBIDDEN,
            "not_allowed_for_self_service",
            None,
        ),
        (buy(&app, &megan, "prd_power_bi_pro_sek", 1, saved_card()).await, StatusCode::NOT_FOUND, "not_found", None),
        (
            megan
                .post(app.url("/api/purchases"))
                .json(&PurchaseRequest { product_id: "prd_power_bi_pro_eur".into(), licenses: 1, payment: saved_card() })
                .send()
                .await
                .expect("sent"),
            StatusCode::BAD_REQUEST,
            "idempotency_key_required",
            None,
        ),
        (
            send(&app, &megan, "POST", "/api/purchases", &key(), &json!({ "product_id": POWER_BI_PRO, "licenses": 2.5, "payment": { "saved_card": { "payment_method_id": "pm_megan_visa" } } }))
                .await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_body",
            Some("licenses"),
        ),
    ];
    for (response, status, code, field) in cases {
        assert_error(response, status, code, field).await;
    }
    assert_eq!(footprint(&app).await, before);
}

// ---- exactly once ----

#[tokio::test]
async fn the_same_key_twice_returns_the_first_result_and_charges_once() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    let body = PurchaseRequest { product_id: "prd_power_apps_premium_eur".into(), licenses: 4, payment: saved_card() };
    let once = key();
    let first: Value = created(send(&app, &megan, "POST", "/api/purchases", &once, &body).await).await;
    let before = footprint(&app).await;
    let again: Value = created(send(&app, &megan, "POST", "/api/purchases", &once, &body).await).await;
    assert_eq!(first, again);
    assert_eq!(footprint(&app).await, before, "the retry changed nothing");

    // the same key with another body is refused
    let other = PurchaseRequest { licenses: 5, ..body.clone() };
    assert_error(
        send(&app, &megan, "POST", "/api/purchases", &once, &other).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "idempotency_key_reused",
        None,
    )
    .await;
    // keys are per person: Alex's request with Megan's key is his own
    let alex = app.signed_in(ALEX).await;
    let alex_body = PurchaseRequest {
        product_id: "prd_power_apps_premium_eur".into(),
        licenses: 1,
        payment: new_card("4242424242424242"),
    };
    created::<Value>(send(&app, &alex, "POST", "/api/purchases", &once, &alex_body).await).await;
}

#[tokio::test]
async fn concurrent_requests_with_the_same_key_have_one_effect() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    let once = key();
    let body = json!({ "total_licenses": 110 });
    let path = format!("/api/subscriptions/{MEGANS_POWER_BI}/licenses");
    let tasks: Vec<_> = (0..10)
        .map(|_| {
            let request = megan.put(app.url(&path)).header("Idempotency-Key", once.clone()).json(&body);
            tokio::spawn(async move { request.send().await.expect("the request is sent") })
        })
        .collect();
    let mut responses = Vec::new();
    for task in tasks {
        responses.push(task.await.expect("the task finishes"));
    }
    let mut bodies = Vec::new();
    for response in responses {
        bodies.push(ok::<Value>(response).await);
    }
    assert!(bodies.windows(2).all(|w| w[0] == w[1]), "every answer is the first one's");
    assert_eq!(subscription(&app, &megan, MEGANS_POWER_BI).await.total_licenses, 110);
    let invoices: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM invoice_lines WHERE subscription_id = $1 AND description LIKE '%+10%'",
    )
    .bind(MEGANS_POWER_BI)
    .fetch_one(&app.db)
    .await
    .expect("counted");
    assert_eq!(invoices, 1, "one charge, one invoice");
    let changes =
        audit_actions(&app, MEGANS_POWER_BI).await.iter().filter(|(a, _)| a == "subscription.licenses_changed").count();
    assert_eq!(changes, 1);
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

// ---- trials ----

#[tokio::test]
async fn a_trial_without_a_card_expires_when_it_ends() {
    let app = spawn_app().await;
    let alex = app.signed_in(ALEX).await;
    let body = TrialRequest { product_id: "prd_power_bi_pro_eur".into(), payment: None };
    let trial: Subscription = created(send(&app, &alex, "POST", "/api/trials", &key(), &body).await).await;
    assert_eq!((trial.status, trial.total_licenses, trial.price.amount_minor), (SubscriptionStatus::Trial, 25, 0));
    assert_eq!((trial.term_end_date.as_str(), trial.recurring_billing), ("2026-04-14", false));
    // once is enough
    assert_error(
        send(&app, &alex, "POST", "/api/trials", &key(), &body).await,
        StatusCode::CONFLICT,
        "trial_already_used",
        None,
    )
    .await;

    app.advance(Duration::days(29));
    let alex = app.signed_in(ALEX).await;
    assert_eq!(subscription(&app, &alex, &trial.id).await.status, SubscriptionStatus::Trial);
    app.advance(Duration::days(1));
    let alex = app.signed_in(ALEX).await;
    assert_eq!(subscription(&app, &alex, &trial.id).await.status, SubscriptionStatus::Expired);
    let actions: Vec<String> = audit_actions(&app, &trial.id).await.into_iter().map(|(a, _)| a).collect();
    assert_eq!(actions, ["subscription.trial_started", "subscription.expired"]);
}

#[tokio::test]
async fn a_trial_with_a_card_converts_to_paid_when_it_ends() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    // Power Automate Premium's trial needs a card
    let no_card = TrialRequest { product_id: "prd_power_automate_premium_eur".into(), payment: None };
    assert_error(
        send(&app, &megan, "POST", "/api/trials", &key(), &no_card).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "payment_method_required",
        Some("payment"),
    )
    .await;
    let body = TrialRequest { payment: Some(saved_card()), ..no_card };
    let trial: Subscription = created(send(&app, &megan, "POST", "/api/trials", &key(), &body).await).await;
    assert!(trial.recurring_billing);
    let invoices = rows_in(&app, "invoices").await;
    app.advance(Duration::days(30));
    let megan = app.signed_in(MEGAN).await;
    let converted = subscription(&app, &megan, &trial.id).await;
    assert_eq!((converted.status, converted.is_trial), (SubscriptionStatus::Active, false));
    assert_eq!(converted.term_end_date, "2026-05-14", "a month from the trial's end");
    assert_eq!(rows_in(&app, "invoices").await, invoices + 1, "the first month was charged");
    // settling again (another request) charges nothing more
    app.get(&megan, "/api/subscriptions").await;
    assert_eq!(rows_in(&app, "invoices").await, invoices + 1);
}

#[tokio::test]
async fn a_trial_can_be_bought_at_any_time_and_then_its_licenses_change() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    let path = format!("/api/subscriptions/{MEGANS_VISIO_TRIAL}/purchase");
    let too_few = json!({ "licenses": 2, "payment": { "saved_card": { "payment_method_id": "pm_megan_visa" } } });
    let error = assert_error(
        send(&app, &megan, "POST", &path, &key(), &too_few).await,
        StatusCode::CONFLICT,
        "below_assigned",
        Some("total_licenses"),
    )
    .await;
    assert_eq!(error["count"], 1);
    let body = json!({ "licenses": 10, "payment": { "saved_card": { "payment_method_id": "pm_megan_visa" } } });
    let bought: Subscription = ok(send(&app, &megan, "POST", &path, &key(), &body).await).await;
    assert_eq!((bought.status, bought.is_trial, bought.total_licenses), (SubscriptionStatus::Active, false, 10));
    assert_eq!((bought.assigned_licenses, bought.term_end_date.as_str()), (3, "2027-03-15"));
    // bought once: buying it again is refused
    assert_error(send(&app, &megan, "POST", &path, &key(), &body).await, StatusCode::CONFLICT, "wrong_status", None)
        .await;
    ok::<Subscription>(set_total(&app, &megan, MEGANS_VISIO_TRIAL, 12).await).await;
}

// ---- canceling and reactivating ----

#[tokio::test]
async fn cancel_now_releases_the_licenses_credits_the_rest_and_keeps_the_reason() {
    let app = spawn_app().await;
    app.advance(Duration::days(10));
    let megan = app.signed_in(MEGAN).await;
    let quote: CancellationQuote =
        ok(app.get(&megan, &format!("/api/subscriptions/{MEGANS_POWER_BI}/cancellation")).await).await;
    // 100 × €14 × 21/31 = €948.39 + 21 %
    assert_eq!((quote.credit.subtotal.amount_minor, quote.credit.total.amount_minor), (-94_839, -114_755));
    assert_eq!(
        (quote.licenses_released, quote.term_end_date.as_str(), quote.reactivate_until.as_str()),
        (40, "2026-04-15", "2026-04-24")
    );

    let too_long =
        CancelRequest { reason: CancelReason::Other, feedback: Some("x".repeat(1001)), mode: CancelMode::Now };
    assert_error(
        send(&app, &megan, "POST", &format!("/api/subscriptions/{MEGANS_POWER_BI}/cancellation"), &key(), &too_long)
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "too_long",
        Some("feedback"),
    )
    .await;
    assert_error(
        send(
            &app,
            &megan,
            "POST",
            &format!("/api/subscriptions/{MEGANS_POWER_BI}/cancellation"),
            &key(),
            &json!({ "reason": "because", "mode": "now" }),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_body",
        Some("reason"),
    )
    .await;

    let canceled: Subscription = ok(cancel(&app, &megan, MEGANS_POWER_BI, CancelMode::Now).await).await;
    assert_eq!((canceled.status, canceled.assigned_licenses), (SubscriptionStatus::Canceled, 0));
    assert_eq!(canceled.reactivate_until.as_deref(), Some("2026-04-24"));
    let kept: (String, Option<String>, String, i64) =
        sqlx::query_as("SELECT reason, feedback, mode, credit_minor FROM cancellations WHERE subscription_id = $1")
            .bind(MEGANS_POWER_BI)
            .fetch_one(&app.db)
            .await
            .expect("the cancellation is kept");
    assert_eq!(kept, ("too_expensive".into(), Some("We use Tableau now.".into()), "now".into(), 114_755));
    let events = audit_actions(&app, MEGANS_POWER_BI).await;
    let after: Value = serde_json::from_str(events[0].1.as_deref().unwrap_or("{}")).expect("JSON");
    assert_eq!(
        (after["reason"].as_str(), after["feedback"].as_str()),
        (Some("too_expensive"), Some("We use Tableau now."))
    );
    assert_error(
        cancel(&app, &megan, MEGANS_POWER_BI, CancelMode::Now).await,
        StatusCode::CONFLICT,
        "wrong_status",
        None,
    )
    .await;

    // within the grace period it can be reactivated: a new term, charged now
    let reactivated: Subscription = ok(send(
        &app,
        &megan,
        "POST",
        &format!("/api/subscriptions/{MEGANS_POWER_BI}/reactivation"),
        &key(),
        &json!({}),
    )
    .await)
    .await;
    assert_eq!((reactivated.status, reactivated.term_end_date.as_str()), (SubscriptionStatus::Active, "2026-04-25"));
}

#[tokio::test]
async fn after_the_grace_period_a_canceled_subscription_cannot_be_reactivated() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    ok::<Subscription>(cancel(&app, &megan, MEGANS_POWER_BI, CancelMode::Now).await).await;
    app.advance(Duration::days(31));
    let megan = app.signed_in(MEGAN).await;
    assert_error(
        send(&app, &megan, "POST", &format!("/api/subscriptions/{MEGANS_POWER_BI}/reactivation"), &key(), &json!({}))
            .await,
        StatusCode::CONFLICT,
        "grace_period_over",
        None,
    )
    .await;
}

#[tokio::test]
async fn turning_off_recurring_billing_keeps_it_to_the_end_of_the_term_then_it_expires() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    let off: Subscription = ok(cancel(&app, &megan, MEGANS_POWER_BI, CancelMode::EndOfTerm).await).await;
    assert_eq!(
        (off.status, off.recurring_billing, off.assigned_licenses),
        (SubscriptionStatus::RecurringBillingOff, false, 40)
    );
    assert_error(
        cancel(&app, &megan, MEGANS_POWER_BI, CancelMode::EndOfTerm).await,
        StatusCode::CONFLICT,
        "wrong_status",
        None,
    )
    .await;
    // Project Plan 3 had it off already: turn it back on (no charge)
    let on: Subscription = ok(send(
        &app,
        &megan,
        "POST",
        &format!("/api/subscriptions/{MEGANS_PROJECT}/reactivation"),
        &key(),
        &json!({}),
    )
    .await)
    .await;
    assert_eq!((on.status, on.recurring_billing), (SubscriptionStatus::Active, true));

    let lines = |app: &TestApp| {
        let db = app.db.clone();
        async move {
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM invoice_lines WHERE subscription_id = $1")
                .bind(MEGANS_POWER_BI)
                .fetch_one(&db)
                .await
                .expect("counted")
        }
    };
    let invoiced = lines(&app).await;
    app.advance(Duration::days(31));
    let megan = app.signed_in(MEGAN).await;
    assert_eq!(subscription(&app, &megan, MEGANS_POWER_BI).await.status, SubscriptionStatus::Expired);
    assert_eq!(lines(&app).await, invoiced, "an expiring subscription is not charged");
}

#[tokio::test]
async fn a_renewing_subscription_is_charged_for_its_next_term() {
    let app = spawn_app().await;
    let before: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM invoice_lines WHERE subscription_id = 'sub_alex_power_automate'")
            .fetch_one(&app.db)
            .await
            .expect("counted");
    app.advance(Duration::days(31));
    let alex = app.signed_in(ALEX).await;
    let renewed = subscription(&app, &alex, "sub_alex_power_automate").await;
    assert_eq!((renewed.status, renewed.term_end_date.as_str()), (SubscriptionStatus::Active, "2026-05-15"));
    let after: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM invoice_lines WHERE subscription_id = 'sub_alex_power_automate'")
            .fetch_one(&app.db)
            .await
            .expect("counted");
    assert_eq!(after, before + 1);
}
