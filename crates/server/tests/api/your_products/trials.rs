//! Trials: without a card they expire, with one they convert to paid; bought at any time.

use super::*;

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
