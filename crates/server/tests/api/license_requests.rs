//! Request licenses: who may send, read and answer requests, and approving under the seat
//! accounting's rules (all or nothing, exact counts, racing approvals for the last licenses).

use portal_api::license_requests::{
    LicenseRequest, LicenseRequestDetails, LicenseRequestList, RequestStatus, RequestedPersonStatus,
};
use reqwest::{Client, Response, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{ADELE, ALEX, LARS, MEGAN, TestApp, assert_error, count, created, key, ok, spawn_app};

const COPILOT: &str = "prd_copilot_eur";
/// Adele's Microsoft 365 Copilot for the organization: 20 licenses, 2 assigned (Adele, Lynne).
const ADELES_COPILOT: &str = "sub_adele_copilot";

async fn send(app: &TestApp, client: &Client, body: &Value) -> Response {
    client.post(app.url("/api/license-requests")).json(body).send().await.expect("sent")
}

async fn answer(app: &TestApp, admin: &Client, id: &str, key: &str, body: &Value) -> Response {
    app.change(admin, "POST", &format!("/api/admin/license-requests/{id}/answer"), key, Some(body)).await
}

async fn assigned_on(app: &TestApp, subscription: &str) -> i64 {
    count(app, &format!("SELECT COUNT(*) FROM license_assignments WHERE subscription_id = '{subscription}'")).await
}

/// Leaves exactly `free` licenses free on Adele's Copilot subscription.
async fn leave_free(app: &TestApp, free: i64) {
    let assigned = assigned_on(app, ADELES_COPILOT).await;
    sqlx::query("UPDATE subscriptions SET total_licenses = $1 WHERE id = $2")
        .bind(assigned + free)
        .bind(ADELES_COPILOT)
        .execute(&app.db)
        .await
        .expect("the total is set");
}

fn statuses(request: &LicenseRequest) -> Vec<(&str, RequestedPersonStatus)> {
    request.people.iter().map(|p| (p.user_id.as_str(), p.status)).collect()
}

#[tokio::test]
async fn a_person_requests_licenses_for_themselves_and_colleagues_and_every_admin_is_told() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    let body = json!({ "product_id": COPILOT, "user_ids": ["usr_megan", "usr_alex", "usr_soren"],
                       "message": "  For the audit team  " });
    let sent: LicenseRequest = created(send(&app, &megan, &body).await).await;
    assert_eq!(sent.status, RequestStatus::Pending);
    assert_eq!((sent.product_name.as_str(), sent.requester_name.as_str()), ("Microsoft 365 Copilot", "Megan Bowen"));
    assert_eq!(sent.message.as_deref(), Some("For the audit team"));
    let names: Vec<&str> = sent.people.iter().map(|p| p.display_name.as_str()).collect();
    assert_eq!(names, ["Megan Bowen", "Alex Wilber", "Søren Ørsted"], "in the order asked");
    assert!(sent.people.iter().all(|p| p.status == RequestedPersonStatus::Pending));
    assert_eq!(sent.created_at, "2026-03-15T09:00:00Z");

    let own: LicenseRequestList = ok(app.get(&megan, "/api/license-requests").await).await;
    assert_eq!(own.requests, std::slice::from_ref(&sent));
    let told = count(
        &app,
        &format!("SELECT COUNT(*) FROM notices WHERE recipient_id = 'usr_adele' AND kind = 'license_request' AND subject_id = '{}'", sent.id),
    )
    .await;
    assert_eq!(told, 1);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM audit_events WHERE action = 'license_request.sent'").await, 1);
}

#[tokio::test]
async fn a_request_names_people_of_the_organization_and_a_product_of_its_catalog_or_nothing_is_sent() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    let before = count(&app, "SELECT COUNT(*) FROM license_requests").await;
    let stranger = json!({ "product_id": COPILOT, "user_ids": ["usr_alex", "usr_lars", "usr_nobody"] });
    let error = assert_error(
        send(&app, &megan, &stranger).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "people_refused",
        Some("user_ids"),
    )
    .await;
    assert_eq!(error["people"], json!(["usr_lars", "usr_nobody"]));
    let elsewhere = json!({ "product_id": "prd_power_bi_pro_sek", "user_ids": ["usr_megan"] });
    assert_error(send(&app, &megan, &elsewhere).await, StatusCode::NOT_FOUND, "not_found", None).await;
    let nobody = json!({ "product_id": COPILOT, "user_ids": [] });
    assert_error(send(&app, &megan, &nobody).await, StatusCode::UNPROCESSABLE_ENTITY, "required", Some("user_ids"))
        .await;
    let many: Vec<String> = (0..21).map(|i| format!("usr_{i}")).collect();
    let crowd = json!({ "product_id": COPILOT, "user_ids": many });
    assert_error(
        send(&app, &megan, &crowd).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "too_many_people",
        Some("user_ids"),
    )
    .await;
    let long = json!({ "product_id": COPILOT, "user_ids": ["usr_megan"], "message": "x".repeat(501) });
    assert_error(send(&app, &megan, &long).await, StatusCode::UNPROCESSABLE_ENTITY, "too_long", Some("message")).await;
    let twice = json!({ "product_id": COPILOT, "user_ids": ["usr_megan", "usr_megan"] });
    assert_error(
        send(&app, &megan, &twice).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_body",
        Some("user_ids[1]"),
    )
    .await;
    assert_eq!(count(&app, "SELECT COUNT(*) FROM license_requests").await, before);
}

#[tokio::test]
async fn people_see_their_own_requests_and_admins_the_organizations_newest_first() {
    let app = spawn_app().await;
    let alex = app.signed_in(ALEX).await;
    let own: LicenseRequestList = ok(app.get(&alex, "/api/license-requests").await).await;
    let ids: Vec<&str> = own.requests.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["lrq_alex_copilot"]);
    assert_error(app.get(&alex, "/api/admin/license-requests").await, StatusCode::FORBIDDEN, "admin_only", None).await;
    let lee_s = app.get(&alex, "/api/admin/license-requests/lrq_lee_copilot").await;
    assert_error(lee_s, StatusCode::FORBIDDEN, "admin_only", None).await;

    let adele = app.signed_in(ADELE).await;
    let all: LicenseRequestList = ok(app.get(&adele, "/api/admin/license-requests").await).await;
    let ids: Vec<&str> = all.requests.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["lrq_alex_copilot", "lrq_lee_copilot", "lrq_lynne_copilot"], "sent 1, 2 and 20 days ago");
    let pending: LicenseRequestList = ok(app.get(&adele, "/api/admin/license-requests?status=pending").await).await;
    let ids: Vec<&str> = pending.requests.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["lrq_alex_copilot", "lrq_lee_copilot"]);
    let answered = app.get(&adele, "/api/admin/license-requests?status=approved").await;
    assert_error(answered, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", Some("status")).await;
    let lynne_s = &all.requests[2];
    assert_eq!(lynne_s.status, RequestStatus::PartlyApproved);
    assert_eq!(lynne_s.answered_by_name.as_deref(), Some("Adele Vance"));

    let lars = app.signed_in(LARS).await;
    let fabrikam: LicenseRequestList = ok(app.get(&lars, "/api/license-requests").await).await;
    assert!(fabrikam.requests.is_empty());
}

#[tokio::test]
async fn an_admin_reads_a_request_with_the_free_licenses_of_the_organizations_own_subscriptions() {
    let app = spawn_app().await;
    let adele = app.signed_in(ADELE).await;
    let details: LicenseRequestDetails = ok(app.get(&adele, "/api/admin/license-requests/lrq_lee_copilot").await).await;
    assert_eq!(details.free_licenses, 18, "20 licenses, Adele and Lynne hold 2");
    assert_eq!(
        details.request.message.as_deref(),
        Some("Our team drafts the quarterly reports; Copilot would save us days.")
    );
    for missing in ["lrq_nothing", "lrq_lee_copilot_x"] {
        let response = app.get(&adele, &format!("/api/admin/license-requests/{missing}")).await;
        assert_error(response, StatusCode::NOT_FOUND, "not_found", None).await;
    }
}

#[tokio::test]
async fn approving_some_people_assigns_them_licenses_declines_the_rest_and_tells_the_requester() {
    let app = spawn_app().await;
    let adele = app.signed_in(ADELE).await;
    let before = assigned_on(&app, ADELES_COPILOT).await;
    let the_key = key();
    let body = json!({ "approve_user_ids": ["usr_lee", "usr_diego"], "message": "Isaiah's comes next month." });
    let answered: LicenseRequest = ok(answer(&app, &adele, "lrq_lee_copilot", &the_key, &body).await).await;
    assert_eq!(answered.status, RequestStatus::PartlyApproved);
    assert_eq!(
        statuses(&answered),
        [
            ("usr_lee", RequestedPersonStatus::Approved),
            ("usr_diego", RequestedPersonStatus::Approved),
            ("usr_isaiah", RequestedPersonStatus::Declined)
        ]
    );
    assert_eq!(answered.answered_by_name.as_deref(), Some("Adele Vance"));
    assert_eq!(answered.answered_at.as_deref(), Some("2026-03-15T09:00:00Z"));
    assert_eq!(answered.answer_message.as_deref(), Some("Isaiah's comes next month."));
    assert_eq!(assigned_on(&app, ADELES_COPILOT).await, before + 2);
    let holders = count(
        &app,
        "SELECT COUNT(*) FROM license_assignments WHERE subscription_id = 'sub_adele_copilot' AND user_id IN ('usr_lee', 'usr_diego') AND assigned_by = 'usr_adele'",
    )
    .await;
    assert_eq!(holders, 2);

    // a retry with the same key gets the same answer and assigns nothing more
    let replay: LicenseRequest = ok(answer(&app, &adele, "lrq_lee_copilot", &the_key, &body).await).await;
    assert_eq!(replay, answered);
    assert_eq!(assigned_on(&app, ADELES_COPILOT).await, before + 2);
    // a new answer is refused
    let again = answer(&app, &adele, "lrq_lee_copilot", &key(), &json!({ "approve_user_ids": [] })).await;
    assert_error(again, StatusCode::CONFLICT, "already_answered", None).await;

    // Lee sees the answer and has a notice of it
    let lee = app.signed_in("lee.gu@contoso.example").await;
    let own: LicenseRequestList = ok(app.get(&lee, "/api/license-requests").await).await;
    assert_eq!(own.requests, std::slice::from_ref(&answered));
    let told =
        count(&app, "SELECT COUNT(*) FROM notices WHERE recipient_id = 'usr_lee' AND kind = 'request_answered'").await;
    assert_eq!(told, 1);
}

#[tokio::test]
async fn approving_more_people_than_there_are_free_licenses_approves_nobody() {
    let app = spawn_app().await;
    let adele = app.signed_in(ADELE).await;
    leave_free(&app, 1).await;
    let before = assigned_on(&app, ADELES_COPILOT).await;
    let body = json!({ "approve_user_ids": ["usr_lee", "usr_diego"] });
    let error = assert_error(
        answer(&app, &adele, "lrq_lee_copilot", &key(), &body).await,
        StatusCode::CONFLICT,
        "not_enough_licenses",
        None,
    )
    .await;
    assert_eq!(error["count"], 1, "the free licenses");
    assert_eq!(assigned_on(&app, ADELES_COPILOT).await, before);
    let details: LicenseRequestDetails = ok(app.get(&adele, "/api/admin/license-requests/lrq_lee_copilot").await).await;
    assert_eq!((details.request.status, details.free_licenses), (RequestStatus::Pending, 1));
    assert!(details.request.people.iter().all(|p| p.status == RequestedPersonStatus::Pending));
    // one fits
    let one: LicenseRequest =
        ok(answer(&app, &adele, "lrq_lee_copilot", &key(), &json!({ "approve_user_ids": ["usr_diego"] })).await).await;
    assert_eq!(one.status, RequestStatus::PartlyApproved);
    assert_eq!(assigned_on(&app, ADELES_COPILOT).await, before + 1);
}

#[tokio::test]
async fn someone_who_already_holds_a_license_counts_as_approved_without_taking_one() {
    let app = spawn_app().await;
    let lynne = app.signed_in("lynne.robbins@contoso.example").await;
    let body = json!({ "product_id": COPILOT, "user_ids": ["usr_lynne", "usr_nestor"] });
    let sent: LicenseRequest = created(send(&app, &lynne, &body).await).await;
    let adele = app.signed_in(ADELE).await;
    leave_free(&app, 1).await;
    let before = assigned_on(&app, ADELES_COPILOT).await;
    let both = json!({ "approve_user_ids": ["usr_lynne", "usr_nestor"] });
    let answered: LicenseRequest = ok(answer(&app, &adele, &sent.id, &key(), &both).await).await;
    assert_eq!(answered.status, RequestStatus::Approved);
    assert_eq!(assigned_on(&app, ADELES_COPILOT).await, before + 1, "only Nestor took a license");
    let lynnes = count(&app, "SELECT COUNT(*) FROM license_assignments WHERE user_id = 'usr_lynne' AND subscription_id = 'sub_adele_copilot'").await;
    assert_eq!(lynnes, 1);
}

#[tokio::test]
async fn only_people_of_the_request_can_be_approved_and_declining_everyone_assigns_nothing() {
    let app = spawn_app().await;
    let adele = app.signed_in(ADELE).await;
    let before = assigned_on(&app, ADELES_COPILOT).await;
    let outsider = json!({ "approve_user_ids": ["usr_lee", "usr_megan"] });
    let error = assert_error(
        answer(&app, &adele, "lrq_lee_copilot", &key(), &outsider).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "people_refused",
        Some("approve_user_ids"),
    )
    .await;
    assert_eq!(error["people"], json!(["usr_megan"]));
    let bad = json!({ "approve_user_ids": [], "message": "x".repeat(501) });
    let response = answer(&app, &adele, "lrq_lee_copilot", &key(), &bad).await;
    assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "too_long", Some("message")).await;
    let response = adele
        .post(app.url("/api/admin/license-requests/lrq_lee_copilot/answer"))
        .json(&json!({ "approve_user_ids": [] }))
        .send()
        .await
        .expect("sent");
    assert_error(response, StatusCode::BAD_REQUEST, "idempotency_key_required", None).await;

    let declined: LicenseRequest = ok(answer(
        &app,
        &adele,
        "lrq_lee_copilot",
        &key(),
        &json!({ "approve_user_ids": [], "message": "Not this year." }),
    )
    .await)
    .await;
    assert_eq!(declined.status, RequestStatus::Declined);
    assert!(declined.people.iter().all(|p| p.status == RequestedPersonStatus::Declined));
    assert_eq!(assigned_on(&app, ADELES_COPILOT).await, before);
}

#[tokio::test]
async fn a_product_the_organization_has_no_subscription_of_has_no_free_licenses_to_approve_with() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    // Visio Plan 2: only self-service subscriptions (Megan's trial), none of the organization's
    let body = json!({ "product_id": "prd_visio_plan_2_eur", "user_ids": ["usr_alex"] });
    let sent: LicenseRequest = created(send(&app, &megan, &body).await).await;
    let adele = app.signed_in(ADELE).await;
    let details: LicenseRequestDetails =
        ok(app.get(&adele, &format!("/api/admin/license-requests/{}", sent.id)).await).await;
    assert_eq!(details.free_licenses, 0);
    let approve = json!({ "approve_user_ids": ["usr_alex"] });
    let error = assert_error(
        answer(&app, &adele, &sent.id, &key(), &approve).await,
        StatusCode::CONFLICT,
        "not_enough_licenses",
        None,
    )
    .await;
    assert_eq!(error["count"], 0);
}

#[tokio::test]
async fn two_approvals_racing_for_the_last_free_licenses_exactly_one_wins_round_after_round() {
    let app = spawn_app().await;
    let adele = app.signed_in(ADELE).await;
    let alex = app.signed_in(ALEX).await;
    for round in 0..10 {
        // two requests for two people each, with two licenses free: one of them fits
        let first: LicenseRequest =
            created(send(&app, &alex, &json!({ "product_id": COPILOT, "user_ids": ["usr_megan", "usr_lee"] })).await)
                .await;
        let second: LicenseRequest = created(
            send(&app, &alex, &json!({ "product_id": COPILOT, "user_ids": ["usr_diego", "usr_isaiah"] })).await,
        )
        .await;
        leave_free(&app, 2).await;
        let before = assigned_on(&app, ADELES_COPILOT).await;
        let approve = |r: &LicenseRequest| json!({ "approve_user_ids": r.people.iter().map(|p| p.user_id.clone()).collect::<Vec<_>>() });
        let (first_body, second_body, first_key, second_key) = (approve(&first), approve(&second), key(), key());
        let (a, b) = tokio::join!(
            answer(&app, &adele, &first.id, &first_key, &first_body),
            answer(&app, &adele, &second.id, &second_key, &second_body),
        );
        let mut statuses = [a.status(), b.status()];
        statuses.sort();
        assert_eq!(statuses, [StatusCode::OK, StatusCode::CONFLICT], "round {round}");
        let loser = if a.status() == StatusCode::CONFLICT { a } else { b };
        let error = assert_error(loser, StatusCode::CONFLICT, "not_enough_licenses", None).await;
        assert_eq!(error["count"], 0, "round {round}");
        assert_eq!(assigned_on(&app, ADELES_COPILOT).await, before + 2, "round {round}");
        let total = count(&app, "SELECT total_licenses FROM subscriptions WHERE id = 'sub_adele_copilot'").await;
        assert_eq!(assigned_on(&app, ADELES_COPILOT).await, total, "never more assigned than bought (round {round})");
        // free the winners' licenses for the next round
        sqlx::query(
            "DELETE FROM license_assignments WHERE subscription_id = $1 AND user_id NOT IN ('usr_adele', 'usr_lynne')",
        )
        .bind(ADELES_COPILOT)
        .execute(&app.db)
        .await
        .expect("released");
    }
}

#[tokio::test]
async fn requests_older_than_twelve_months_are_purged_with_their_people_and_notices() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    let old: LicenseRequest =
        created(send(&app, &megan, &json!({ "product_id": COPILOT, "user_ids": ["usr_megan"] })).await).await;
    app.advance(time::Duration::days(200));
    let megan = app.signed_in(MEGAN).await;
    let newer: LicenseRequest =
        created(send(&app, &megan, &json!({ "product_id": COPILOT, "user_ids": ["usr_alex"] })).await).await;
    app.advance(time::Duration::days(166));
    let purged = portal_server::purge(&app.state).await.expect("the purge runs");
    assert_eq!(purged.license_requests, 4, "Megan's first and the three demo requests: {purged:?}");
    let left: Vec<(String,)> =
        sqlx::query_as("SELECT id FROM license_requests").fetch_all(&app.db).await.expect("read");
    assert_eq!(left, [(newer.id.clone(),)]);
    let people =
        count(&app, &format!("SELECT COUNT(*) FROM license_request_people WHERE request_id = '{}'", old.id)).await;
    assert_eq!(people, 0);
    let notices = count(&app, &format!("SELECT COUNT(*) FROM notices WHERE subject_id = '{}'", old.id)).await;
    assert_eq!(notices, 0);
    assert_eq!(count(&app, &format!("SELECT COUNT(*) FROM notices WHERE subject_id = '{}'", newer.id)).await, 1);
}
