//! Take control of a self-service subscription: then its purchaser can no longer change it,
//! the organization's admins may cancel it, or Move users: its people move to an organization
//! subscription of the same product, all or nothing, and it is canceled with its credit.

use portal_api::self_service::{MoveUsersQuote, MoveUsersResult};
use portal_api::subscriptions::{CancelMode, CancelReason, CancelRequest, Subscription, SubscriptionStatus};
use reqwest::{Client, Response, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{
    ADELE, ALEX, CONTOSO_POWER_BI, ELIN, JONI, JONIS_POWER_BI, MEGAN, MEGANS_POWER_BI, POWER_BI_PRO, TestApp,
    assert_error, assign_behind_the_api, count, key, ok, over_their_licenses, spawn_app, without_license,
};

async fn take_control(app: &TestApp, client: &Client, id: &str) -> Response {
    client.post(app.url(&format!("/api/subscriptions/{id}/take-control"))).send().await.expect("sent")
}

async fn move_users(app: &TestApp, client: &Client, id: &str, target: &str, key: &str) -> Response {
    let body = json!({ "target_subscription_id": target });
    app.change(client, "POST", &format!("/api/subscriptions/{id}/move-users"), key, Some(&body)).await
}

async fn cancel(app: &TestApp, client: &Client, id: &str) -> Response {
    let body = CancelRequest { reason: CancelReason::NoLongerNeeded, feedback: None, mode: CancelMode::Now };
    app.change(client, "POST", &format!("/api/subscriptions/{id}/cancellation"), &key(), Some(&body)).await
}

async fn holders(app: &TestApp, subscription: &str) -> Vec<String> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT user_id FROM license_assignments WHERE subscription_id = $1 ORDER BY user_id")
            .bind(subscription)
            .fetch_all(&app.db)
            .await
            .expect("read");
    rows.into_iter().map(|(id,)| id).collect()
}

/// People of Contoso who hold no Power BI Pro license, `n` of them.
async fn without_power_bi(app: &TestApp, n: i64) -> Vec<String> {
    without_license(&app.db, POWER_BI_PRO, n).await
}

#[tokio::test]
async fn after_take_control_the_purchaser_can_no_longer_change_it_and_sees_it_managed() {
    let app = spawn_app().await;
    let (adele, joni) = (app.signed_in(ADELE).await, app.signed_in(JONI).await);
    let taken: Subscription = ok(take_control(&app, &adele, JONIS_POWER_BI).await).await;
    assert!(taken.managed_by_admin && !taken.can_change);
    let seen: Subscription = ok(app.get(&joni, &format!("/api/subscriptions/{JONIS_POWER_BI}")).await).await;
    assert!(seen.managed_by_admin && !seen.can_change, "the purchaser sees it managed by her admin");

    let path = |rest: &str| format!("/api/subscriptions/{JONIS_POWER_BI}{rest}");
    let refusals = [
        app.get(&joni, &path("/license-change?total_licenses=6")).await,
        app.change(&joni, "PUT", &path("/licenses"), &key(), Some(&json!({ "total_licenses": 6 }))).await,
        app.get(&joni, &path("/cancellation")).await,
        cancel(&app, &joni, JONIS_POWER_BI).await,
        app.get(&joni, &path("/reactivation")).await,
        app.change(&joni, "POST", &path("/reactivation"), &key(), None::<&Value>).await,
        joni.post(app.url(&format!("/api/licenses/{POWER_BI_PRO}/assignments")))
            .json(&json!({ "user_ids": ["usr_alex"] }))
            .send()
            .await
            .expect("sent"),
        joni.post(app.url(&format!("/api/licenses/{POWER_BI_PRO}/unassignments")))
            .json(&json!({ "user_ids": ["usr_alex"] }))
            .send()
            .await
            .expect("sent"),
    ];
    for response in refusals {
        assert_error(response, StatusCode::FORBIDDEN, "managed_by_admin", None).await;
    }
    assert_eq!(holders(&app, JONIS_POWER_BI).await.len(), 3, "nobody was unassigned");
    // her Licenses page says so: its one subscription is taken over
    let licenses: portal_api::licenses::LicenseList = ok(app.get(&joni, "/api/licenses").await).await;
    let power_bi = licenses.products.iter().find(|p| p.product_id == POWER_BI_PRO).expect("still listed");
    assert!(!power_bi.can_change);
    // once only
    assert_error(take_control(&app, &adele, JONIS_POWER_BI).await, StatusCode::CONFLICT, "wrong_status", None).await;
    let (actor, after): (String, String) = sqlx::query_as(
        "SELECT actor_id, after_json FROM audit_events WHERE subject_id = $1 AND action = 'subscription.taken_over'",
    )
    .bind(JONIS_POWER_BI)
    .fetch_one(&app.db)
    .await
    .expect("one taken_over event");
    assert_eq!((actor.as_str(), after.as_str()), ("usr_adele", r#"{"managed_by":"usr_adele"}"#));
}

#[tokio::test]
async fn only_an_admin_takes_control_and_only_of_a_running_self_service_subscription() {
    let app = spawn_app().await;
    let (megan, alex, elin, adele) =
        (app.signed_in(MEGAN).await, app.signed_in(ALEX).await, app.signed_in(ELIN).await, app.signed_in(ADELE).await);
    assert_error(take_control(&app, &megan, MEGANS_POWER_BI).await, StatusCode::FORBIDDEN, "admin_only", None).await;
    assert_error(take_control(&app, &alex, MEGANS_POWER_BI).await, StatusCode::NOT_FOUND, "not_found", None).await;
    assert_error(take_control(&app, &elin, MEGANS_POWER_BI).await, StatusCode::NOT_FOUND, "not_found", None).await;
    assert_error(take_control(&app, &adele, "sub_nothing").await, StatusCode::NOT_FOUND, "not_found", None).await;
    // Contoso's own, and one that was canceled: nothing to take
    for id in ["sub_adele_m365", CONTOSO_POWER_BI, "sub_megan_power_apps"] {
        assert_error(take_control(&app, &adele, id).await, StatusCode::CONFLICT, "wrong_status", None).await;
    }
    assert_eq!(count(&app, "SELECT COUNT(*) FROM subscriptions WHERE managed_by IS NOT NULL").await, 0);
    // a trial can be taken over
    let trial: Subscription = ok(take_control(&app, &adele, "sub_megan_visio").await).await;
    assert!(trial.managed_by_admin && trial.status == SubscriptionStatus::Trial);
}

#[tokio::test]
async fn before_take_control_an_admin_only_reads_after_it_she_may_cancel() {
    let app = spawn_app().await;
    let adele = app.signed_in(ADELE).await;
    assert_error(cancel(&app, &adele, JONIS_POWER_BI).await, StatusCode::FORBIDDEN, "read_only", None).await;
    let quote = app.get(&adele, &format!("/api/subscriptions/{JONIS_POWER_BI}/move-users")).await;
    assert_error(quote, StatusCode::CONFLICT, "take_control_first", None).await;
    let early = move_users(&app, &adele, JONIS_POWER_BI, CONTOSO_POWER_BI, &key()).await;
    assert_error(early, StatusCode::CONFLICT, "take_control_first", None).await;

    ok::<Subscription>(take_control(&app, &adele, JONIS_POWER_BI).await).await;
    let quote = app.get(&adele, &format!("/api/subscriptions/{JONIS_POWER_BI}/cancellation")).await;
    assert_eq!(quote.status(), StatusCode::OK);
    let canceled: Subscription = ok(cancel(&app, &adele, JONIS_POWER_BI).await).await;
    assert_eq!(canceled.status, SubscriptionStatus::Canceled);
    assert!(holders(&app, JONIS_POWER_BI).await.is_empty(), "its people lost their licenses");
    let by: String = sqlx::query_scalar("SELECT canceled_by FROM cancellations WHERE subscription_id = $1")
        .bind(JONIS_POWER_BI)
        .fetch_one(&app.db)
        .await
        .expect("the cancellation is kept");
    assert_eq!(by, "usr_adele");
    // the admin still cannot change its licenses
    let change = app
        .change(
            &adele,
            "PUT",
            &format!("/api/subscriptions/{JONIS_POWER_BI}/licenses"),
            &key(),
            Some(&json!({ "total_licenses": 6 })),
        )
        .await;
    assert_error(change, StatusCode::FORBIDDEN, "read_only", None).await;
}

#[tokio::test]
async fn move_users_moves_everyone_to_the_organizations_subscription_and_cancels_with_credit() {
    let app = spawn_app().await;
    let adele = app.signed_in(ADELE).await;
    ok::<Subscription>(take_control(&app, &adele, JONIS_POWER_BI).await).await;
    let quote: MoveUsersQuote =
        ok(app.get(&adele, &format!("/api/subscriptions/{JONIS_POWER_BI}/move-users")).await).await;
    assert_eq!(quote.people_to_move, 3);
    let targets: Vec<(&str, i64, i64)> =
        quote.targets.iter().map(|t| (t.subscription_id.as_str(), t.total_licenses, t.free_licenses)).collect();
    assert_eq!(targets, [(CONTOSO_POWER_BI, 250, 200)], "only Contoso's own Power BI Pro, not Megan's");
    assert!(quote.credit.total.amount_minor < 0, "the rest of the term is credited");

    let people = holders(&app, JONIS_POWER_BI).await;
    let key = key();
    let result: MoveUsersResult = ok(move_users(&app, &adele, JONIS_POWER_BI, CONTOSO_POWER_BI, &key).await).await;
    assert_eq!(result.moved, 3);
    assert_eq!((result.target.subscription_id.as_str(), result.target.free_licenses), (CONTOSO_POWER_BI, 197));
    assert_eq!(result.subscription.status, SubscriptionStatus::Canceled);
    assert!(holders(&app, JONIS_POWER_BI).await.is_empty());
    let on_target = holders(&app, CONTOSO_POWER_BI).await;
    assert!(people.iter().all(|p| on_target.contains(p)), "each person holds the organization's license now");
    let (reason, credit): (String, i64) =
        sqlx::query_as("SELECT reason, credit_minor FROM cancellations WHERE subscription_id = $1")
            .bind(JONIS_POWER_BI)
            .fetch_one(&app.db)
            .await
            .expect("canceled");
    assert_eq!((reason.as_str(), credit), ("switching_product", -quote.credit.total.amount_minor));
    let credited = count(
        &app,
        &format!("SELECT COUNT(*) FROM credits WHERE subscription_id = '{JONIS_POWER_BI}' AND reason = 'canceled'"),
    )
    .await;
    assert_eq!(credited, 1);
    for subject in [JONIS_POWER_BI, CONTOSO_POWER_BI] {
        let events = count(
            &app,
            &format!("SELECT COUNT(*) FROM audit_events WHERE subject_id = '{subject}' AND action = 'subscription.users_moved'"),
        )
        .await;
        assert_eq!(events, 1, "{subject}");
    }
    // the same key again: the same answer, nothing twice
    let again: MoveUsersResult = ok(move_users(&app, &adele, JONIS_POWER_BI, CONTOSO_POWER_BI, &key).await).await;
    assert_eq!(again, result);
    assert_eq!(
        count(&app, &format!("SELECT COUNT(*) FROM credits WHERE subscription_id = '{JONIS_POWER_BI}'")).await,
        1
    );
    // a new key: it is canceled now, nobody is left to move
    let after = move_users(&app, &adele, JONIS_POWER_BI, CONTOSO_POWER_BI, &crate::helpers::key()).await;
    assert_error(after, StatusCode::CONFLICT, "wrong_status", None).await;
}

#[tokio::test]
async fn move_users_moves_nobody_when_the_target_has_too_few_free_licenses_or_is_no_target() {
    let app = spawn_app().await;
    let adele = app.signed_in(ADELE).await;
    ok::<Subscription>(take_control(&app, &adele, JONIS_POWER_BI).await).await;
    // Contoso's Power BI Pro with only 2 free
    let fill = without_power_bi(&app, 198).await;
    for id in &fill {
        assign_behind_the_api(&app.db, CONTOSO_POWER_BI, id, "usr_adele").await;
    }
    let refused = move_users(&app, &adele, JONIS_POWER_BI, CONTOSO_POWER_BI, &key()).await;
    let error = assert_error(refused, StatusCode::CONFLICT, "not_enough_licenses", None).await;
    assert_eq!(error["count"], 2);
    assert_eq!(holders(&app, JONIS_POWER_BI).await.len(), 3, "nobody moved");
    let joni: Subscription = ok(app.get(&adele, &format!("/api/subscriptions/{JONIS_POWER_BI}")).await).await;
    assert_eq!(joni.status, SubscriptionStatus::Active);
    assert_eq!(
        count(&app, &format!("SELECT COUNT(*) FROM credits WHERE subscription_id = '{JONIS_POWER_BI}'")).await,
        0
    );

    for target in ["sub_adele_m365", MEGANS_POWER_BI, JONIS_POWER_BI] {
        let response = move_users(&app, &adele, JONIS_POWER_BI, target, &key()).await;
        assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", Some("target_subscription_id")).await;
    }
    for target in ["sub_nothing", "sub_lars_power_bi"] {
        let response = move_users(&app, &adele, JONIS_POWER_BI, target, &key()).await;
        assert_error(response, StatusCode::NOT_FOUND, "not_found", None).await;
    }
    let no_key = adele
        .post(app.url(&format!("/api/subscriptions/{JONIS_POWER_BI}/move-users")))
        .json(&json!({ "target_subscription_id": CONTOSO_POWER_BI }))
        .send()
        .await
        .expect("sent");
    assert_error(no_key, StatusCode::BAD_REQUEST, "idempotency_key_required", None).await;
    let bad_body = app
        .change(&adele, "POST", &format!("/api/subscriptions/{JONIS_POWER_BI}/move-users"), &key(), Some(&json!({})))
        .await;
    assert_error(bad_body, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", Some("target_subscription_id")).await;
    assert_eq!(holders(&app, JONIS_POWER_BI).await.len(), 3, "still nobody moved");
}

/// Writes a subscription of Power BI Pro straight into the database.
async fn insert_power_bi(app: &TestApp, id: &str, purchaser: &str, self_service: i64, total: i64, people: &[String]) {
    sqlx::query(
        "INSERT INTO subscriptions (id, organization_id, product_id, purchaser_id, billing_profile_id, payment_method_id,
            self_service, is_trial, status, recurring_billing, total_licenses, price_per_license_minor, currency,
            started_on, term_end_date, canceled_at, created_at, updated_at)
         VALUES ($1, 'org_contoso', $2, $3, $4, NULL, $5, 0, 'active', 1, $6, 1400, 'EUR', '2026-03-01', '2026-04-01', NULL, 0, 0)",
    )
    .bind(id)
    .bind(POWER_BI_PRO)
    .bind(purchaser)
    .bind(format!("bp_{}", &purchaser["usr_".len()..]))
    .bind(self_service)
    .bind(total)
    .execute(&app.db)
    .await
    .expect("a subscription");
    for person in people {
        assign_behind_the_api(&app.db, id, person, purchaser).await;
    }
}

/// Move users racing, on the same people and seats: the purchaser assigning other people (her
/// other subscription takes them; never the one taken over), the purchaser assigning one of the
/// people being moved (refused: they hold a license), and the admin assigning people to her own
/// Power BI Pro, whose first subscription (by id) is the target. Many rounds; after each, every
/// person holds at most one Power BI Pro license, the people of the subscription taken over hold
/// exactly one, no subscription has more assigned than bought, and nothing answered 5xx.
#[tokio::test]
async fn move_users_racing_assignments_on_both_sides_never_double_counts_or_strands_anyone() {
    let app = spawn_app().await;
    let (adele, joni) = (app.signed_in(ADELE).await, app.signed_in(JONI).await);
    insert_power_bi(&app, "sub_race_joni_more", "usr_joni", 1, 500, &[]).await;
    let mut moved_rounds = 0;
    for round in 0..12 {
        let fresh = without_power_bi(&app, 11).await;
        let (moving, others, admins) = (&fresh[..5], &fresh[5..8], &fresh[8..11]);
        let (from, target) = (format!("sub_race_{round:02}"), format!("sub_a_race_target_{round:02}"));
        insert_power_bi(&app, &from, "usr_joni", 1, 10, moving).await;
        // 7 free: the move (5) and the admin's 3 do not both fit
        insert_power_bi(&app, &target, "usr_adele", 0, 7, &[]).await;
        ok::<Subscription>(take_control(&app, &adele, &from).await).await;

        let assign = |client: &Client, ids: &[String]| {
            client
                .post(app.url(&format!("/api/licenses/{POWER_BI_PRO}/assignments")))
                .json(&json!({ "user_ids": ids }))
                .send()
        };
        let move_key = key();
        let (moved, by_joni, taken_back, by_adele) = tokio::join!(
            move_users(&app, &adele, &from, &target, &move_key),
            assign(&joni, others),
            assign(&joni, &moving[..1]),
            assign(&adele, admins),
        );
        let answered = |r: reqwest::Result<Response>| r.expect("answered").status();
        let statuses = [moved.status(), answered(by_joni), answered(taken_back), answered(by_adele)];
        assert!(statuses.iter().all(|s| !s.is_server_error()), "round {round}: {statuses:?}");
        assert_eq!(statuses[1], StatusCode::OK, "round {round}: the purchaser's other subscription takes them");
        assert_eq!(statuses[2], StatusCode::CONFLICT, "round {round}: someone being moved holds a license");
        assert_eq!(statuses[3], StatusCode::OK, "round {round}: the admin's other Power BI Pro has room");
        match statuses[0] {
            StatusCode::OK => {
                moved_rounds += 1;
                assert!(holders(&app, &from).await.is_empty(), "round {round}");
            }
            StatusCode::CONFLICT => assert_eq!(holders(&app, &from).await, moving, "round {round}: nobody moved"),
            other => panic!("round {round}: move users answered {other}"),
        }
        let doubled = count(
            &app,
            &format!(
                "SELECT COUNT(*) FROM (SELECT a.user_id FROM license_assignments a JOIN subscriptions s ON s.id = a.subscription_id
                 WHERE s.product_id = '{POWER_BI_PRO}' AND s.status IN ('active', 'trial', 'recurring_billing_off')
                 GROUP BY a.user_id HAVING COUNT(*) > 1) d"
            ),
        )
        .await;
        assert_eq!(doubled, 0, "round {round}: nobody holds two Power BI Pro licenses");
        for person in moving.iter().chain(others).chain(admins) {
            let held = count(
                &app,
                &format!(
                    "SELECT COUNT(*) FROM license_assignments a JOIN subscriptions s ON s.id = a.subscription_id
                     WHERE a.user_id = '{person}' AND s.product_id = '{POWER_BI_PRO}' AND s.status = 'active'"
                ),
            )
            .await;
            assert_eq!(held, 1, "round {round}: {person} holds exactly one");
        }
        assert_eq!(
            over_their_licenses(&app.db).await,
            0,
            "round {round}: no subscription has more assigned than bought"
        );
        // the next round's target is the admin's first again
        sqlx::query("UPDATE subscriptions SET status = 'expired' WHERE id = $1")
            .bind(&target)
            .execute(&app.db)
            .await
            .expect("ended");
    }
    assert!(moved_rounds > 0, "at least one round moved its people");
}

#[tokio::test]
async fn the_purchaser_is_told_when_an_admin_takes_control_and_when_her_people_are_moved() {
    use portal_api::notices::{NoticeKind, NoticeList};

    let app = spawn_app().await;
    let (adele, joni) = (app.signed_in(ADELE).await, app.signed_in(JONI).await);
    let before: NoticeList = ok(app.get(&joni, "/api/notices").await).await;
    ok::<Subscription>(take_control(&app, &adele, JONIS_POWER_BI).await).await;
    app.advance(time::Duration::minutes(1));
    ok::<MoveUsersResult>(move_users(&app, &adele, JONIS_POWER_BI, CONTOSO_POWER_BI, &key()).await).await;
    let after: NoticeList = ok(app.get(&joni, "/api/notices").await).await;
    let new: Vec<(NoticeKind, &str, &str, &str)> = after.notices[..after.notices.len() - before.notices.len()]
        .iter()
        .map(|n| (n.kind, n.subject_id.as_str(), n.product_name.as_str(), n.actor_name.as_str()))
        .collect();
    assert_eq!(
        new,
        [
            (NoticeKind::UsersMoved, JONIS_POWER_BI, "Power BI Pro", "Adele Vance"),
            (NoticeKind::TakenOver, JONIS_POWER_BI, "Power BI Pro", "Adele Vance"),
        ]
    );
    assert_eq!(after.unread, before.unread + 2);
    // nobody else is told, and the admin is not told what she did
    let adele_told = count(
        &app,
        "SELECT COUNT(*) FROM notices WHERE kind IN ('taken_over', 'users_moved') AND recipient_id <> 'usr_joni'",
    )
    .await;
    assert_eq!(adele_told, 0);
}
