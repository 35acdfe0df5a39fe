//! Notices: admins hear of every self-service purchase, trial and license request; a requester
//! of the answer. Each person reads and marks only their own.

use portal_api::notices::{MarkRead, NoticeKind, NoticeList};
use portal_api::purchases::{BuyTrialRequest, Payment, PurchaseRequest, TrialRequest};
use portal_api::subscriptions::Subscription;
use portal_server::seed::DEMO_PASSWORD;
use reqwest::{Client, Response, StatusCode};

use crate::helpers::{ADELE, ALEX, LARS, MEGAN, TestApp, assert_error, count, created, key, me_of, ok, spawn_app};

/// Notices of `kind` about `subject` for the person with `recipient_id`, behind the API.
async fn notices_for(app: &TestApp, recipient_id: &str, kind: &str, subject: &str) -> i64 {
    count(
        app,
        &format!(
            "SELECT COUNT(*) FROM notices WHERE recipient_id = '{recipient_id}' AND kind = '{kind}' AND subject_id = '{subject}' AND read_at IS NULL"
        ),
    )
    .await
}

#[tokio::test]
async fn every_admin_gets_a_notice_of_a_purchase_a_trial_and_a_bought_trial_and_the_buyer_none() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    let buy = PurchaseRequest {
        product_id: "prd_power_automate_premium_eur".into(),
        licenses: 2,
        payment: Payment::SavedCard { payment_method_id: "pm_megan_visa".into() },
    };
    let bought: Subscription = created(app.change(&megan, "POST", "/api/purchases", &key(), Some(&buy)).await).await;
    assert_eq!(notices_for(&app, "usr_adele", "purchase", &bought.id).await, 1);
    assert_eq!(notices_for(&app, "usr_megan", "purchase", &bought.id).await, 0);

    let alex = app.signed_in(ALEX).await;
    let trial = TrialRequest { product_id: "prd_power_bi_pro_eur".into(), payment: None };
    let started: Subscription = created(app.change(&alex, "POST", "/api/trials", &key(), Some(&trial)).await).await;
    assert_eq!(notices_for(&app, "usr_adele", "trial", &started.id).await, 1);

    // buying the trial is a purchase
    let buy_trial =
        BuyTrialRequest { licenses: 3, payment: Payment::SavedCard { payment_method_id: "pm_alex_mastercard".into() } };
    let path = format!("/api/subscriptions/{}/purchase", started.id);
    let _: Subscription = ok(app.change(&alex, "POST", &path, &key(), Some(&buy_trial)).await).await;
    assert_eq!(notices_for(&app, "usr_adele", "purchase", &started.id).await, 1);
    assert_eq!(notices_for(&app, "usr_alex", "purchase", &started.id).await, 0);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM notices WHERE organization_id <> 'org_contoso'").await, 0);
}

#[tokio::test]
async fn a_person_reads_their_own_notices_newest_first_with_the_unread_count_that_me_carries_too() {
    let app = spawn_app().await;
    let client = app.client();
    let signed_in = me_of(app.sign_in(&client, ADELE, DEMO_PASSWORD).await).await;
    assert_eq!(signed_in.unread_notices, 2, "the two pending requests of the demo");
    let list: NoticeList = ok(app.get(&client, "/api/notices").await).await;
    let seen: Vec<(&str, NoticeKind, &str, bool)> =
        list.notices.iter().map(|n| (n.subject_id.as_str(), n.kind, n.actor_name.as_str(), n.read)).collect();
    assert_eq!(
        seen,
        [
            ("lrq_alex_copilot", NoticeKind::LicenseRequest, "Alex Wilber", false),
            ("lrq_lee_copilot", NoticeKind::LicenseRequest, "Lee Gu", false),
            ("lrq_lynne_copilot", NoticeKind::LicenseRequest, "Lynne Robbins", true),
        ]
    );
    assert_eq!(list.unread, 2);
    assert!(list.notices.iter().all(|n| n.product_name == "Microsoft 365 Copilot"));
    assert_eq!(list.notices[0].at, "2026-03-14T09:00:00Z");
    assert_eq!(me_of(app.get(&client, "/api/me").await).await.unread_notices, 2);

    let lars = app.signed_in(LARS).await;
    let theirs: NoticeList = ok(app.get(&lars, "/api/notices").await).await;
    assert_eq!((theirs.notices.len(), theirs.unread), (0, 0));
}

#[tokio::test]
async fn marking_read_changes_only_the_persons_own_notices_and_empty_marks_them_all() {
    let app = spawn_app().await;
    let adele = app.signed_in(ADELE).await;
    let list: NoticeList = ok(app.get(&adele, "/api/notices").await).await;
    let first = list.notices[0].id.clone();
    // Lynne's notice of her answer is not Adele's: skipped, and nobody learns it exists
    let lynnes = "ntc_request_answered_lrq_lynne_copilot".to_owned();
    let marked: NoticeList =
        ok(mark(&app, &adele, &MarkRead { ids: vec![first.clone(), lynnes, "ntc_nothing".into()] }).await).await;
    assert_eq!(marked.unread, 1);
    assert!(marked.notices.iter().find(|n| n.id == first).is_some_and(|n| n.read));
    let lynne = app.signed_in("lynne.robbins@contoso.example").await;
    let hers: NoticeList = ok(app.get(&lynne, "/api/notices").await).await;
    assert_eq!((hers.unread, hers.notices[0].kind), (1, NoticeKind::RequestAnswered));

    let all: NoticeList = ok(mark(&app, &adele, &MarkRead { ids: vec![] }).await).await;
    assert_eq!(all.unread, 0);
    assert!(all.notices.iter().all(|n| n.read));
    assert_eq!(me_of(app.get(&adele, "/api/me").await).await.unread_notices, 0);
    assert_eq!(ok::<NoticeList>(app.get(&lynne, "/api/notices").await).await.unread, 1, "Lynne's are hers");

    let too_many = MarkRead { ids: (0..101).map(|i| format!("ntc_{i}")).collect() };
    let error = assert_error(
        mark(&app, &adele, &too_many).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "out_of_range",
        Some("ids"),
    )
    .await;
    assert_eq!(error["count"], 100);
    let anonymous = app.client();
    assert_error(
        mark(&app, &anonymous, &MarkRead { ids: vec![] }).await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
        None,
    )
    .await;
}

async fn mark(app: &TestApp, client: &Client, body: &MarkRead) -> Response {
    client.post(app.url("/api/notices/read")).json(body).send().await.expect("sent")
}
