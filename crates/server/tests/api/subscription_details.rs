//! A subscription's details page for its purchaser and the organization's admins: the people
//! holding its licenses, its invoices, and its timeline (newest first, who, when, from where).

use portal_api::activity::{ActivityKind, ActivityPage, ActivitySource};
use portal_api::invoices::InvoiceList;
use portal_api::licenses::LicensedPeoplePage;
use portal_api::subscriptions::{CancelMode, CancelReason, CancelRequest};
use reqwest::{Client, StatusCode};
use serde_json::json;
use time::Duration;

use crate::helpers::{
    ADELE, ALEX, ELIN, JONI, JONIS_POWER_BI, MEGAN, MEGANS_POWER_BI, POWER_BI_PRO, TestApp, assert_error, key, ok,
    spawn_app,
};

async fn activity(app: &TestApp, client: &Client, id: &str, query: &str) -> ActivityPage {
    ok(app.get(client, &format!("/api/subscriptions/{id}/activity?{query}")).await).await
}

fn kinds(page: &ActivityPage) -> Vec<ActivityKind> {
    page.events.iter().map(|e| e.kind).collect()
}

#[tokio::test]
async fn the_purchaser_and_an_admin_page_through_the_people_holding_its_licenses_by_name() {
    let app = spawn_app().await;
    let (megan, adele) = (app.signed_in(MEGAN).await, app.signed_in(ADELE).await);
    let first: LicensedPeoplePage =
        ok(app.get(&megan, &format!("/api/subscriptions/{MEGANS_POWER_BI}/people?limit=30")).await).await;
    assert_eq!((first.people.len(), first.total_matching, first.offset, first.limit), (30, 40, 0, 30));
    let rest: LicensedPeoplePage =
        ok(app.get(&adele, &format!("/api/subscriptions/{MEGANS_POWER_BI}/people?offset=30&limit=30")).await).await;
    assert_eq!((rest.people.len(), rest.total_matching), (10, 40));
    let mut names: Vec<String> = first.people.iter().chain(&rest.people).map(|p| p.user_id.clone()).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 40, "nobody twice across pages");
    assert!(
        first.people.iter().any(|p| p.display_name == "Søren Ørsted")
            || rest.people.iter().any(|p| p.display_name == "Søren Ørsted")
    );
    // only this subscription's people, not the purchaser's other Power BI Pro
    let joni: LicensedPeoplePage =
        ok(app.get(&adele, &format!("/api/subscriptions/{JONIS_POWER_BI}/people")).await).await;
    assert_eq!(joni.total_matching, 3);
    for (query, field) in [("limit=0", "limit"), ("limit=201", "limit"), ("offset=-1", "offset")] {
        let response = app.get(&megan, &format!("/api/subscriptions/{MEGANS_POWER_BI}/people?{query}")).await;
        assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "out_of_range", Some(field)).await;
    }
}

#[tokio::test]
async fn its_invoices_are_those_with_a_line_of_it_newest_first() {
    let app = spawn_app().await;
    let (megan, adele) = (app.signed_in(MEGAN).await, app.signed_in(ADELE).await);
    let list: InvoiceList = ok(app.get(&megan, &format!("/api/subscriptions/{MEGANS_POWER_BI}/invoices")).await).await;
    // Power BI Pro this month and the four before (the seed's run for it)
    assert_eq!(list.total, 5);
    let days: Vec<&str> = list.invoices.iter().map(|i| i.issued_on.as_str()).collect();
    assert_eq!(days, ["2026-03-15", "2026-02-15", "2026-01-15", "2025-12-15", "2025-11-15"]);
    assert_eq!((list.from.as_str(), list.to.as_str()), ("2025-11-15", "2026-03-15"));
    let seen_by_admin: InvoiceList =
        ok(app.get(&adele, &format!("/api/subscriptions/{MEGANS_POWER_BI}/invoices")).await).await;
    assert_eq!(seen_by_admin, list);
    // one with none
    let none: InvoiceList = ok(app.get(&adele, &format!("/api/subscriptions/{JONIS_POWER_BI}/invoices")).await).await;
    assert_eq!((none.total, none.invoices.len()), (0, 0));
    // buying licenses adds this month's prorated invoice, first
    let body = json!({ "total_licenses": 105 });
    let changed =
        app.change(&megan, "PUT", &format!("/api/subscriptions/{MEGANS_POWER_BI}/licenses"), &key(), Some(&body)).await;
    assert_eq!(changed.status(), StatusCode::OK);
    let list: InvoiceList = ok(app.get(&megan, &format!("/api/subscriptions/{MEGANS_POWER_BI}/invoices")).await).await;
    assert_eq!(list.total, 6);
}

#[tokio::test]
async fn the_timeline_shows_every_change_newest_first_with_who_and_from_where() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    let path = |rest: &str| format!("/api/subscriptions/{MEGANS_POWER_BI}{rest}");
    assert_eq!(activity(&app, &megan, MEGANS_POWER_BI, "").await.total, 0);

    let changed = app.change(&megan, "PUT", &path("/licenses"), &key(), Some(&json!({ "total_licenses": 110 }))).await;
    assert_eq!(changed.status(), StatusCode::OK);
    app.advance(Duration::minutes(1));
    let assign = megan
        .post(app.url(&format!("/api/licenses/{POWER_BI_PRO}/assignments")))
        .json(&json!({ "user_ids": ["usr_alex", "usr_lee"] }))
        .send()
        .await
        .expect("sent");
    assert_eq!(assign.status(), StatusCode::OK);
    app.advance(Duration::minutes(1));
    let unassign = megan
        .post(app.url(&format!("/api/licenses/{POWER_BI_PRO}/unassignments")))
        .json(&json!({ "user_ids": ["usr_lee"] }))
        .send()
        .await
        .expect("sent");
    assert_eq!(unassign.status(), StatusCode::OK);
    app.advance(Duration::minutes(1));
    let off = CancelRequest {
        reason: CancelReason::MissingFeatures,
        feedback: Some("No R visuals".into()),
        mode: CancelMode::EndOfTerm,
    };
    assert_eq!(app.change(&megan, "POST", &path("/cancellation"), &key(), Some(&off)).await.status(), StatusCode::OK);
    app.advance(Duration::minutes(1));
    assert_eq!(app.change(&megan, "POST", &path("/reactivation"), &key(), None::<&()>).await.status(), StatusCode::OK);
    // the term ends: renewed by the server's clock (sessions last 12 hours: sign in again)
    app.advance(Duration::days(32));
    let (megan, adele) = (app.signed_in(MEGAN).await, app.signed_in(ADELE).await);

    let page = activity(&app, &megan, MEGANS_POWER_BI, "").await;
    assert_eq!(
        kinds(&page),
        [
            ActivityKind::Renewed,
            ActivityKind::Reactivated,
            ActivityKind::RecurringBillingTurnedOff,
            ActivityKind::LicensesUnassigned,
            ActivityKind::LicensesAssigned,
            ActivityKind::LicensesChanged,
        ]
    );
    assert_eq!(page.total, 6);
    let renewed = &page.events[0];
    assert_eq!((renewed.source, renewed.actor_name.as_deref()), (ActivitySource::Renewal, None));
    let off = &page.events[2];
    assert_eq!((off.reason, off.feedback.as_deref()), (Some(CancelReason::MissingFeatures), Some("No R visuals")));
    assert_eq!((page.events[3].count, page.events[4].count), (Some(1), Some(2)), "people unassigned, assigned");
    let changed = &page.events[5];
    assert_eq!((changed.previous_total, changed.count), (Some(100), Some(110)));
    assert!(
        page.events[1..]
            .iter()
            .all(|e| e.source == ActivitySource::Portal && e.actor_name.as_deref() == Some("Megan Bowen"))
    );
    let times: Vec<&str> = page.events.iter().map(|e| e.at.as_str()).collect();
    let mut newest_first = times.clone();
    newest_first.sort_by(|a, b| b.cmp(a));
    assert_eq!(times, newest_first);

    // the admin reads the same history, a page at a time
    assert_eq!(activity(&app, &adele, MEGANS_POWER_BI, "").await, page);
    let second = activity(&app, &adele, MEGANS_POWER_BI, "offset=2&limit=2").await;
    assert_eq!((second.total, second.offset, second.limit), (6, 2, 2));
    assert_eq!(second.events, page.events[2..4]);
    for (query, field) in [("limit=0", "limit"), ("limit=101", "limit"), ("offset=-5", "offset")] {
        let response = app.get(&adele, &path(&format!("/activity?{query}"))).await;
        assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "out_of_range", Some(field)).await;
    }
}

#[tokio::test]
async fn an_admins_take_control_and_move_are_the_admins_and_an_unknown_event_is_left_out() {
    let app = spawn_app().await;
    let (adele, joni) = (app.signed_in(ADELE).await, app.signed_in(JONI).await);
    let taken =
        adele.post(app.url(&format!("/api/subscriptions/{JONIS_POWER_BI}/take-control"))).send().await.expect("sent");
    assert_eq!(taken.status(), StatusCode::OK);
    app.advance(Duration::minutes(1));
    let body = json!({ "target_subscription_id": "sub_contoso_power_bi" });
    let moved = app
        .change(&adele, "POST", &format!("/api/subscriptions/{JONIS_POWER_BI}/move-users"), &key(), Some(&body))
        .await;
    assert_eq!(moved.status(), StatusCode::OK);
    sqlx::query(
        "INSERT INTO audit_events (id, organization_id, actor_id, action, subject_type, subject_id, before_json, after_json, created_at)
         VALUES ('aud_future', 'org_contoso', 'usr_adele', 'subscription.teleported', 'subscription', $1, NULL, '{', $2)",
    )
    .bind(JONIS_POWER_BI)
    .bind(i64::MAX / 4)
    .execute(&app.db)
    .await
    .expect("an event of a later version");

    let page = activity(&app, &joni, JONIS_POWER_BI, "").await;
    assert_eq!(kinds(&page), [ActivityKind::UsersMoved, ActivityKind::TakenOver]);
    assert_eq!(page.total, 2, "the unknown event is not counted either");
    assert!(
        page.events.iter().all(|e| e.source == ActivitySource::Admin && e.actor_name.as_deref() == Some("Adele Vance"))
    );
    assert_eq!(page.events[0].count, Some(3));
    let target = activity(&app, &adele, "sub_contoso_power_bi", "").await;
    assert_eq!(kinds(&target), [ActivityKind::UsersMoved]);
    assert_eq!((target.events[0].count, target.events[0].source), (Some(3), ActivitySource::Portal), "Adele bought it");
}

#[tokio::test]
async fn a_trial_that_ends_unbought_expires_by_the_clock() {
    let app = spawn_app().await;
    app.advance(Duration::days(21));
    let megan = app.signed_in(MEGAN).await;
    let page = activity(&app, &megan, "sub_megan_visio", "").await;
    assert_eq!(kinds(&page), [ActivityKind::TrialExpired]);
    assert_eq!((page.events[0].source, page.events[0].actor_name.as_deref()), (ActivitySource::Renewal, None));
}

#[tokio::test]
async fn nobody_else_reads_a_subscriptions_people_invoices_or_timeline() {
    let app = spawn_app().await;
    let (alex, elin) = (app.signed_in(ALEX).await, app.signed_in(ELIN).await);
    for rest in ["people", "invoices", "activity"] {
        for client in [&alex, &elin] {
            let response = app.get(client, &format!("/api/subscriptions/{MEGANS_POWER_BI}/{rest}")).await;
            assert_error(response, StatusCode::NOT_FOUND, "not_found", None).await;
        }
        let missing = app.get(&alex, &format!("/api/subscriptions/sub_nothing/{rest}")).await;
        assert_error(missing, StatusCode::NOT_FOUND, "not_found", None).await;
    }
}
