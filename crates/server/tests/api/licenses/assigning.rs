//! Assigning and unassigning: all or nothing, never more than bought, and who may do what.

use super::*;

// --- assigning and unassigning ---

#[tokio::test]
async fn assigning_gives_each_person_a_license_and_records_it() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    let result: LicenseChangeResult = ok(assign(&app, &megan, POWER_BI_PRO, &["usr_megan", "usr_alex"]).await).await;
    assert_eq!(result.changed, 2);
    assert_eq!((result.licenses.assigned, result.licenses.available, result.licenses.total), (42, 58, 100));
    let found = directory(&app, &megan, "alex wilber").await.people;
    assert!(found[0].has_license);
    let (action, actor, after): (String, String, String) = sqlx::query_as(
        "SELECT action, actor_id, after_json FROM audit_events WHERE subject_id = $1 AND action LIKE 'licenses.%'",
    )
    .bind(MEGANS_POWER_BI)
    .fetch_one(&app.db)
    .await
    .expect("one audit event");
    assert_eq!((action.as_str(), actor.as_str()), ("licenses.assigned", "usr_megan"));
    let after: Value = serde_json::from_str(&after).expect("JSON");
    assert_eq!(after, json!({ "assigned_licenses": 42, "user_ids": ["usr_megan", "usr_alex"] }));
}

#[tokio::test]
async fn a_batch_of_twenty_one_people_is_refused() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    let ids = unlicensed(&app, 21).await;
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    let response = assign(&app, &megan, POWER_BI_PRO, &ids).await;
    let error = assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "too_many_people", Some("user_ids")).await;
    assert_eq!(error["count"], 20);
    assert!(error["message"].as_str().is_some_and(|m| m.contains("up to 20")), "{error}");
    assert_eq!(assigned_on(&app, MEGANS_POWER_BI).await, 40);
    ok::<LicenseChangeResult>(assign(&app, &megan, POWER_BI_PRO, &ids[..20]).await).await;
    assert_eq!(assigned_on(&app, MEGANS_POWER_BI).await, 60);
}

#[tokio::test]
async fn a_person_of_another_organization_is_refused_and_nobody_is_assigned() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    let response = assign(&app, &megan, POWER_BI_PRO, &["usr_megan", "usr_lars", "usr_nobody"]).await;
    let error = assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "people_refused", Some("user_ids")).await;
    assert_eq!(error["people"], json!(["usr_lars", "usr_nobody"]));
    assert!(!error["message"].as_str().unwrap_or_default().contains("Nyström"), "no name from another organization");
    assert_eq!(assigned_on(&app, MEGANS_POWER_BI).await, 40);
}

#[tokio::test]
async fn a_batch_with_someone_who_already_has_a_license_assigns_nobody_and_says_who() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    let response = assign(&app, &megan, POWER_BI_PRO, &["usr_megan", "usr_soren", "usr_alex", "usr_jurgen"]).await;
    let error = assert_error(response, StatusCode::CONFLICT, "people_refused", Some("user_ids")).await;
    assert_eq!(error["people"], json!(["usr_jurgen", "usr_soren"]));
    let message = error["message"].as_str().unwrap_or_default();
    assert!(message.contains("Søren Ørsted") && message.contains("Jürgen Groß"), "{message}");
    assert_eq!(assigned_on(&app, MEGANS_POWER_BI).await, 40);

    let response = assign(&app, &megan, POWER_BI_PRO, &["usr_megan", "usr_megan"]).await;
    let error = assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "people_refused", Some("user_ids")).await;
    assert_eq!(error["people"], json!(["usr_megan"]));
}

#[tokio::test]
async fn more_people_than_licenses_available_assigns_nobody_and_says_how_many_are() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    // Project Plan 3: 10 licenses, 6 assigned
    let five = unlicensed(&app, 5).await;
    let five: Vec<&str> = five.iter().map(String::as_str).collect();
    let response = assign(&app, &megan, PROJECT_PLAN_3, &five).await;
    let error = assert_error(response, StatusCode::CONFLICT, "not_enough_licenses", None).await;
    assert_eq!(error["count"], 4);
    assert_eq!(assigned_on(&app, MEGANS_PROJECT).await, 6);
    let result: LicenseChangeResult = ok(assign(&app, &megan, PROJECT_PLAN_3, &five[..4]).await).await;
    assert_eq!((result.licenses.assigned, result.licenses.available), (10, 0));
}

#[tokio::test]
async fn unassigning_releases_licenses_and_someone_without_one_is_no_error() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    let response = unassign(&app, &megan, POWER_BI_PRO, json!({ "user_ids": ["usr_soren", "usr_megan"] })).await;
    let result: LicenseChangeResult = ok(response).await;
    assert_eq!((result.changed, result.licenses.assigned, result.licenses.available), (1, 39, 61));
    assert!(!directory(&app, &megan, "soren orsted").await.people[0].has_license);
    let again: LicenseChangeResult =
        ok(unassign(&app, &megan, POWER_BI_PRO, json!({ "user_ids": ["usr_soren"] })).await).await;
    assert_eq!((again.changed, again.licenses.assigned), (0, 39));
    let (after,): (String,) =
        sqlx::query_as("SELECT after_json FROM audit_events WHERE action = 'licenses.unassigned'")
            .fetch_one(&app.db)
            .await
            .expect("one audit event: the second unassignment changed nothing");
    let after: Value = serde_json::from_str(&after).expect("JSON");
    assert_eq!(after, json!({ "assigned_licenses": 39, "user_ids": ["usr_soren"] }));
    // Søren can be assigned again
    ok::<LicenseChangeResult>(assign(&app, &megan, POWER_BI_PRO, &["usr_soren"]).await).await;
}

#[tokio::test]
async fn unassigning_everyone_matching_a_search_needs_no_list_of_ids() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    let jurgen = unassign(&app, &megan, POWER_BI_PRO, json!({ "all_matching": "jürgen g" })).await;
    assert_eq!(ok::<LicenseChangeResult>(jurgen).await.changed, 1);
    let everyone: LicenseChangeResult =
        ok(unassign(&app, &megan, POWER_BI_PRO, json!({ "all_matching": "" })).await).await;
    assert_eq!((everyone.changed, everyone.licenses.assigned, everyone.licenses.available), (39, 0, 100));
    let response = unassign(&app, &megan, POWER_BI_PRO, json!({ "user_ids": ["usr_asa"], "all_matching": "" })).await;
    assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", Some("all_matching")).await;
}

// --- who may do what ---

#[tokio::test]
async fn only_the_purchaser_changes_an_admin_reads_and_everyone_else_sees_nothing() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    let alex = app.signed_in(ALEX).await;
    let adele = app.signed_in(ADELE).await;
    let lars = app.signed_in(LARS).await;
    let mine = format!("/api/licenses/{POWER_BI_PRO}");
    let megans = format!("{mine}?purchaser_id=usr_megan");
    let reads = |query: &str| [mine.clone(), format!("{mine}/people"), format!("{mine}/people.csv")].map(|p| p + query);
    let (assign_megans, unassign_megans) =
        (format!("{mine}/assignments?purchaser_id=usr_megan"), format!("{mine}/unassignments?purchaser_id=usr_megan"));

    // the purchaser
    for path in reads("").into_iter().chain(reads("?purchaser_id=usr_megan")) {
        assert_eq!(app.get(&megan, &path).await.status(), StatusCode::OK, "{path}");
    }
    ok::<LicenseChangeResult>(assign(&app, &megan, POWER_BI_PRO, &["usr_alex"]).await).await;

    // another user of the organization: as if nothing were there
    for client in [&alex, &lars] {
        for path in reads("").into_iter().chain(reads("?purchaser_id=usr_megan")) {
            assert_error(app.get(client, &path).await, StatusCode::NOT_FOUND, "not_found", None).await;
        }
        assert_error(assign(&app, client, POWER_BI_PRO, &["usr_asa"]).await, StatusCode::NOT_FOUND, "not_found", None)
            .await;
        let response = post(&app, client, &assign_megans, json!({ "user_ids": ["usr_asa"] })).await;
        assert_error(response, StatusCode::NOT_FOUND, "not_found", None).await;
        let response = post(&app, client, &unassign_megans, json!({ "user_ids": ["usr_alex"] })).await;
        assert_error(response, StatusCode::NOT_FOUND, "not_found", None).await;
        let response = app.get(client, "/api/licenses?purchaser_id=usr_megan").await;
        assert_error(response, StatusCode::NOT_FOUND, "not_found", None).await;
    }

    // the admin reads Megan's by naming her, and may not change them
    for path in reads("?purchaser_id=usr_megan") {
        assert_eq!(app.get(&adele, &path).await.status(), StatusCode::OK, "{path}");
    }
    let read: ProductLicenses = ok(app.get(&adele, &megans).await).await;
    assert_eq!((read.assigned, read.can_change), (41, false));
    let list: LicenseList = ok(app.get(&adele, "/api/licenses?purchaser_id=usr_megan").await).await;
    assert_eq!(list.products.len(), 3);
    let response = post(&app, &adele, &assign_megans, json!({ "user_ids": ["usr_asa"] })).await;
    assert_error(response, StatusCode::FORBIDDEN, "read_only", None).await;
    let response = post(&app, &adele, &unassign_megans, json!({ "user_ids": ["usr_alex"] })).await;
    assert_error(response, StatusCode::FORBIDDEN, "read_only", None).await;
    // without naming Megan, the admin's own licenses are meant: she has none of Visio (she
    // has Contoso's own Power BI Pro)
    let visio = "/api/licenses/prd_visio_plan_2_eur";
    assert_error(app.get(&adele, visio).await, StatusCode::NOT_FOUND, "not_found", None).await;
    assert_error(assign(&app, &adele, VISIO_PLAN_2, &["usr_asa"]).await, StatusCode::NOT_FOUND, "not_found", None)
        .await;
    // nor of another organization's purchaser
    let response = app.get(&adele, "/api/licenses/prd_power_bi_pro_sek?purchaser_id=usr_lars").await;
    assert_error(response, StatusCode::NOT_FOUND, "not_found", None).await;

    assert_eq!(assigned_on(&app, MEGANS_POWER_BI).await, 41, "only Megan's own assignment was made");
    let response = app.get(&app.client(), "/api/licenses").await;
    assert_error(response, StatusCode::UNAUTHORIZED, "unauthenticated", None).await;
}

// --- exact seat accounting ---

#[tokio::test]
async fn fifty_requests_racing_for_the_last_license_assign_it_exactly_once() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    fill_power_bi_leaving(&app, 1).await;
    let candidates = unlicensed(&app, 250).await;
    for (round, people) in candidates.chunks(50).enumerate() {
        let answers = assign_at_once(&app, &megan, people).await;
        let mut winners = Vec::new();
        for (id, response) in answers {
            if response.status() == StatusCode::OK {
                winners.push(id);
            } else {
                let error = assert_error(response, StatusCode::CONFLICT, "not_enough_licenses", None).await;
                assert_eq!(error["count"], 0);
            }
        }
        assert_eq!(winners.len(), 1, "round {round}: exactly one request wins the last license");
        assert_eq!(assigned_on(&app, MEGANS_POWER_BI).await, 100, "round {round}: never more than bought");
        // free it again for the next round
        let result: LicenseChangeResult =
            ok(unassign(&app, &megan, POWER_BI_PRO, json!({ "user_ids": winners })).await).await;
        assert_eq!(result.licenses.available, 1);
    }
}

#[tokio::test]
async fn reducing_the_total_while_assigning_never_leaves_more_assigned_than_bought() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    let candidates = unlicensed(&app, 100).await;
    for (round, people) in candidates.chunks(20).enumerate() {
        fill_power_bi_leaving(&app, 1).await;
        let key = format!("reduce-{round}");
        let (total_before,): (i64,) = sqlx::query_as("SELECT total_licenses FROM subscriptions WHERE id = $1")
            .bind(MEGANS_POWER_BI)
            .fetch_one(&app.db)
            .await
            .expect("the total is read");
        let reduce = async {
            megan
                .put(app.url(&format!("/api/subscriptions/{MEGANS_POWER_BI}/licenses")))
                .header("Idempotency-Key", key)
                .json(&json!({ "total_licenses": total_before - 1 }))
                .send()
                .await
                .expect("the request is sent")
                .status()
        };
        let (reduced, assigned) = tokio::join!(reduce, assign_at_once(&app, &megan, people));
        let wins = assigned.iter().filter(|(_, response)| response.status() == StatusCode::OK).count();
        let (total,): (i64,) = sqlx::query_as("SELECT total_licenses FROM subscriptions WHERE id = $1")
            .bind(MEGANS_POWER_BI)
            .fetch_one(&app.db)
            .await
            .expect("the total is read");
        let assigned_now = assigned_on(&app, MEGANS_POWER_BI).await;
        assert!(assigned_now <= total, "round {round}: {assigned_now} assigned of {total}");
        // exactly one of the two kinds of change got the last license
        match reduced {
            StatusCode::OK => assert_eq!((wins, total), (0, total_before - 1), "round {round}"),
            StatusCode::CONFLICT => assert_eq!((wins, total), (1, total_before), "round {round}"),
            other => panic!("round {round}: the reduction answered {other}"),
        }
    }
}

/// Sends Assign licenses for each person at once (one request each); the answers, in order.
async fn assign_at_once(app: &TestApp, client: &Client, people: &[String]) -> Vec<(String, Response)> {
    let handles: Vec<_> = people
        .iter()
        .map(|id| {
            let request = client
                .post(app.url(&format!("/api/licenses/{POWER_BI_PRO}/assignments")))
                .json(&json!({ "user_ids": [id] }));
            let id = id.clone();
            tokio::spawn(async move { (id, request.send().await.expect("the request is sent")) })
        })
        .collect();
    let mut answers = Vec::with_capacity(handles.len());
    for handle in handles {
        answers.push(handle.await.expect("the request task finishes"));
    }
    answers
}
