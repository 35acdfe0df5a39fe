//! Purchase services: the price before buying, buying once, refusals that write nothing, and
//! the same Idempotency-Key twice or at once.

use super::*;

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
