//! Canceling and reactivating: now or at the term's end, the grace period, renewals.

use super::*;

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
