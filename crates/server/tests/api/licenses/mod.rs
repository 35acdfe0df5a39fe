//! Billing > Licenses: counts per product, the people holding licenses and the directory
//! search; assigning and unassigning (all or nothing, never more than bought) and who may do
//! what are in assigning.rs.

mod assigning;

use portal_api::licenses::{DirectoryResults, LicenseChangeResult, LicenseList, LicensedPeoplePage, ProductLicenses};
use reqwest::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use reqwest::{Client, Response, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{
    ADELE, ALEX, LARS, MEGAN, MEGANS_POWER_BI, MEGANS_PROJECT, POWER_BI_PRO, PROJECT_PLAN_3, TestApp, VISIO_PLAN_2,
    assert_error, assign_behind_the_api, count, ok, spawn_app,
};

async fn post(app: &TestApp, client: &Client, path: &str, body: Value) -> Response {
    client.post(app.url(path)).json(&body).send().await.expect("the request is sent")
}

async fn assign(app: &TestApp, client: &Client, product: &str, user_ids: &[&str]) -> Response {
    post(app, client, &format!("/api/licenses/{product}/assignments"), json!({ "user_ids": user_ids })).await
}

async fn unassign(app: &TestApp, client: &Client, product: &str, body: Value) -> Response {
    post(app, client, &format!("/api/licenses/{product}/unassignments"), body).await
}

async fn licenses(app: &TestApp, client: &Client) -> Vec<ProductLicenses> {
    ok::<LicenseList>(app.get(client, "/api/licenses").await).await.products
}

async fn directory(app: &TestApp, client: &Client, search: &str) -> DirectoryResults {
    let search: String = search.bytes().map(|b| format!("%{b:02X}")).collect();
    ok(app.get(client, &format!("/api/directory?product_id={POWER_BI_PRO}&search={search}")).await).await
}

async fn names(app: &TestApp, client: &Client, search: &str) -> Vec<String> {
    directory(app, client, search).await.people.into_iter().map(|p| p.display_name).collect()
}

async fn people(app: &TestApp, client: &Client, query: &str) -> LicensedPeoplePage {
    ok(app.get(client, &format!("/api/licenses/{POWER_BI_PRO}/people?{query}")).await).await
}

async fn assigned_on(app: &TestApp, subscription: &str) -> i64 {
    count(app, &format!("SELECT COUNT(*) FROM license_assignments WHERE subscription_id = '{subscription}'")).await
}

/// People of Contoso without a license of Power BI Pro who cannot sign in, `n` of them.
async fn unlicensed(app: &TestApp, n: i64) -> Vec<String> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT id FROM users WHERE organization_id = 'org_contoso' AND password_hash IS NULL
           AND id NOT IN (SELECT user_id FROM license_assignments WHERE subscription_id = $1)
         ORDER BY id DESC LIMIT $2",
    )
    .bind(MEGANS_POWER_BI)
    .bind(n)
    .fetch_all(&app.db)
    .await
    .expect("people are read");
    rows.into_iter().map(|(id,)| id).collect()
}

/// Assigns Power BI licenses straight in the database until `free` are left.
async fn fill_power_bi_leaving(app: &TestApp, free: i64) {
    let (total,): (i64,) = sqlx::query_as("SELECT total_licenses FROM subscriptions WHERE id = $1")
        .bind(MEGANS_POWER_BI)
        .fetch_one(&app.db)
        .await
        .expect("the subscription is read");
    let missing = total - free - assigned_on(app, MEGANS_POWER_BI).await;
    for id in unlicensed(app, missing.max(0)).await {
        assign_behind_the_api(&app.db, MEGANS_POWER_BI, &id, "usr_megan").await;
    }
    if missing < 0 {
        sqlx::query(
            "DELETE FROM license_assignments WHERE subscription_id = $1 AND user_id IN
               (SELECT user_id FROM license_assignments WHERE subscription_id = $1 ORDER BY user_id LIMIT $2)",
        )
        .bind(MEGANS_POWER_BI)
        .bind(-missing)
        .execute(&app.db)
        .await
        .expect("assignments are deleted");
    }
    assert_eq!(assigned_on(app, MEGANS_POWER_BI).await, total - free);
}

// --- the Licenses page and Product details ---

#[tokio::test]
async fn the_licenses_page_lists_each_product_with_assigned_available_and_total() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    let products = licenses(&app, &megan).await;
    let rows: Vec<(&str, i64, i64, i64, bool)> =
        products.iter().map(|p| (p.product_name.as_str(), p.assigned, p.available, p.total, p.self_service)).collect();
    // by name; the canceled Power Apps subscription holds no licenses
    assert_eq!(
        rows,
        [("Power BI Pro", 40, 60, 100, true), ("Project Plan 3", 6, 4, 10, true), ("Visio Plan 2", 3, 22, 25, true)]
    );
    assert!(products.iter().all(|p| p.can_change));
    let adele = app.signed_in(ADELE).await;
    let admins = licenses(&app, &adele).await;
    let names: Vec<&str> = admins.iter().map(|p| p.product_name.as_str()).collect();
    assert_eq!(names, ["Microsoft 365 Copilot", "Microsoft 365 E3", "Microsoft Teams Premium", "Power BI Pro"]);
    assert!(admins.iter().all(|p| !p.self_service), "bought by an admin for the organization");
}

#[tokio::test]
async fn licenses_are_summed_over_the_persons_subscriptions_of_a_product() {
    let app = spawn_app().await;
    sqlx::query(
        "INSERT INTO subscriptions (id, organization_id, product_id, purchaser_id, billing_profile_id, payment_method_id,
            self_service, is_trial, status, recurring_billing, total_licenses, price_per_license_minor, currency,
            started_on, term_end_date, canceled_at, created_at, updated_at)
         SELECT 'sub_megan_power_bi_2', organization_id, product_id, purchaser_id, billing_profile_id, payment_method_id,
            self_service, is_trial, status, recurring_billing, 5, price_per_license_minor, currency,
            started_on, term_end_date, canceled_at, created_at, updated_at
         FROM subscriptions WHERE id = $1",
    )
    .bind(MEGANS_POWER_BI)
    .execute(&app.db)
    .await
    .expect("a second subscription is written");
    fill_power_bi_leaving(&app, 2).await;
    let megan = app.signed_in(MEGAN).await;
    let power_bi: ProductLicenses = ok(app.get(&megan, &format!("/api/licenses/{POWER_BI_PRO}")).await).await;
    assert_eq!((power_bi.assigned, power_bi.available, power_bi.total), (98, 7, 105));

    // 7 people: 2 from the first subscription (by id), 5 from the second
    let seven = unlicensed(&app, 7).await;
    let seven: Vec<&str> = seven.iter().map(String::as_str).collect();
    let result: LicenseChangeResult = ok(assign(&app, &megan, POWER_BI_PRO, &seven).await).await;
    assert_eq!((result.changed, result.licenses.assigned, result.licenses.available), (7, 105, 0));
    assert_eq!((assigned_on(&app, MEGANS_POWER_BI).await, assigned_on(&app, "sub_megan_power_bi_2").await), (100, 5));
    let events = count(&app, "SELECT COUNT(*) FROM audit_events WHERE action = 'licenses.assigned'").await;
    assert_eq!(events, 2, "one audit event per subscription changed");
}

#[tokio::test]
async fn product_details_pages_through_the_people_with_a_license_sorted_and_searched() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    let first = people(&app, &megan, "limit=15").await;
    assert_eq!((first.total_matching, first.people.len(), first.offset, first.limit), (40, 15, 0, 15));
    let rest = people(&app, &megan, "limit=200&offset=15").await;
    assert_eq!(rest.people.len(), 25);
    let all: Vec<_> = first.people.iter().chain(&rest.people).collect();
    let keys: Vec<String> =
        all.iter().map(|p| portal_api::text::fold_for_search(&format!("{} {}", p.display_name, p.email))).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "by name, folded, across pages");
    let mut ids: Vec<&str> = all.iter().map(|p| p.user_id.as_str()).collect();
    ids.dedup();
    assert_eq!(ids.len(), 40, "nobody twice, nobody skipped");

    let desc = people(&app, &megan, "sort=name&order=desc&limit=1").await;
    assert_eq!(desc.people[0].user_id, rest.people[24].user_id);

    let soren = people(&app, &megan, "search=S%C3%B8ren%20%C3%B8").await;
    assert_eq!(soren.total_matching, 1);
    assert_eq!(
        (soren.people[0].display_name.as_str(), soren.people[0].email.as_str()),
        ("Søren Ørsted", "soren.orsted@contoso.example")
    );
    assert!(soren.people[0].assigned_at.starts_with("2026-03-14T09:00:00"), "{}", soren.people[0].assigned_at);

    // newest first: someone assigned now comes before the seeded ones
    let newcomer = unlicensed(&app, 1).await;
    ok::<LicenseChangeResult>(assign(&app, &megan, POWER_BI_PRO, &[&newcomer[0]]).await).await;
    let newest = people(&app, &megan, "sort=assigned_at&order=desc&limit=1").await;
    assert_eq!((newest.people[0].user_id.as_str(), newest.total_matching), (newcomer[0].as_str(), 41));
    assert_eq!(newest.people[0].assigned_at, "2026-03-15T09:00:00Z");
}

#[tokio::test]
async fn the_export_is_a_csv_of_everyone_with_a_license() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    let response = app.get(&megan, &format!("/api/licenses/{POWER_BI_PRO}/people.csv")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let content_type = response.headers()[CONTENT_TYPE].to_str().expect("ASCII").to_owned();
    assert_eq!(content_type, "text/csv; charset=utf-8");
    let disposition = response.headers()[CONTENT_DISPOSITION].to_str().expect("ASCII").to_owned();
    assert_eq!(disposition, format!("attachment; filename=\"licenses-{POWER_BI_PRO}.csv\""));
    let text = response.text().await.expect("the body is text");
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines[0], "Name,Email,Date assigned");
    assert_eq!(lines.len(), 41, "a header and 40 people");
    assert!(lines.contains(&"Søren Ørsted,soren.orsted@contoso.example,2026-03-14T09:00:00Z"), "{text}");

    let searched = app.get(&megan, &format!("/api/licenses/{POWER_BI_PRO}/people.csv?search=jurgen")).await;
    let searched = searched.text().await.expect("the body is text");
    assert_eq!(searched.lines().count(), 2, "{searched}");
}

#[tokio::test]
async fn a_canceled_subscription_holds_no_licenses() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    let response = app.get(&megan, "/api/licenses/prd_power_apps_premium_eur").await;
    assert_error(response, StatusCode::NOT_FOUND, "not_found", None).await;
    let response = assign(&app, &megan, "prd_power_apps_premium_eur", &["usr_soren"]).await;
    assert_error(response, StatusCode::NOT_FOUND, "not_found", None).await;
}

#[tokio::test]
async fn bad_paging_and_search_parameters_are_4xx_in_the_error_shape() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    let base = format!("/api/licenses/{POWER_BI_PRO}/people");
    let response = app.get(&megan, &format!("{base}?limit=abc")).await;
    assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", Some("limit")).await;
    let response = app.get(&megan, &format!("{base}?limit=201")).await;
    let error = assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "out_of_range", Some("limit")).await;
    assert_eq!(error["count"], 200);
    let response = app.get(&megan, &format!("{base}?offset=-1")).await;
    assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "out_of_range", Some("offset")).await;
    let response = app.get(&megan, &format!("{base}?sort=price")).await;
    assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", Some("sort")).await;
    let long = "a".repeat(101);
    let response = app.get(&megan, &format!("/api/directory?search={long}")).await;
    assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "too_long", Some("search")).await;
    let response = app.get(&megan, "/api/directory?search=%25_%5C").await;
    assert_eq!(ok::<DirectoryResults>(response).await.people, [], "wildcards are taken literally");
    let response = unassign(&app, &megan, POWER_BI_PRO, json!({})).await;
    assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "required", Some("user_ids")).await;
    let response =
        post(&app, &megan, &format!("/api/licenses/{POWER_BI_PRO}/assignments"), json!({ "user_ids": "usr_soren" }))
            .await;
    assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", Some("user_ids")).await;
}

// --- the directory ---

#[tokio::test]
async fn the_directory_finds_people_by_any_word_ignoring_case_and_accents() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    assert!(names(&app, &megan, "soren").await.contains(&"Søren Ørsted".to_owned()));
    assert_eq!(names(&app, &megan, "soren ors").await, ["Søren Ørsted"]);
    assert_eq!(names(&app, &megan, "ØRSTED").await, ["Søren Ørsted"]);
    assert_eq!(names(&app, &megan, "jurgen gro").await, ["Jürgen Groß"]);
    assert_eq!(names(&app, &megan, "Jürgen Groß").await, ["Jürgen Groß"]);
    assert_eq!(names(&app, &megan, "åsa öberg").await, ["Åsa Öberg"]);
    assert_eq!(names(&app, &megan, "asa oberg").await, ["Åsa Öberg"]);
    assert_eq!(names(&app, &megan, "maarten de").await, ["Maarten de Vries"]);
    // the start of the email address
    assert_eq!(names(&app, &megan, "soren.ors").await, ["Søren Ørsted"]);
    assert_eq!(names(&app, &megan, "megan.bowen@contoso.example").await, ["Megan Bowen"]);
    // the start of a word only
    assert!(!names(&app, &megan, "rsted").await.contains(&"Søren Ørsted".to_owned()));
    assert_eq!(names(&app, &megan, "").await, Vec::<String>::new());
}

#[tokio::test]
async fn the_directory_answers_at_most_ten_people_by_name() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    let found = directory(&app, &megan, "a").await.people;
    assert_eq!(found.len(), 10);
    let keys: Vec<String> =
        found.iter().map(|p| portal_api::text::fold_for_search(&format!("{} {}", p.display_name, p.email))).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

#[tokio::test]
async fn the_directory_marks_people_who_already_have_a_license_of_the_product() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    let found = directory(&app, &megan, "soren orsted").await.people;
    assert_eq!((found[0].user_id.as_str(), found[0].has_license), ("usr_soren", true));
    let found = directory(&app, &megan, "megan bowen").await.people;
    assert_eq!((found[0].user_id.as_str(), found[0].has_license), ("usr_megan", false));
    let response = app.get(&megan, "/api/directory?search=asa%20oberg&product_id=prd_visio_plan_2_eur").await;
    assert!(ok::<DirectoryResults>(response).await.people[0].has_license, "Åsa has Visio Plan 2 too");
    let response = app.get(&megan, "/api/directory?search=soren%20orsted").await;
    assert!(!ok::<DirectoryResults>(response).await.people[0].has_license, "no product asked about");
}

#[tokio::test]
async fn a_person_of_another_organization_never_appears_in_its_directory() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    for search in ["lars", "lars nystrom", "lars.nystrom@fabrikam", "fabrikam"] {
        let found = directory(&app, &megan, search).await.people;
        assert!(
            found.iter().all(|p| p.user_id != "usr_lars" && p.email.ends_with("@contoso.example")),
            "{search}: {found:?}"
        );
    }
    let lars = app.signed_in(LARS).await;
    assert_eq!(names(&app, &lars, "soren orsted").await, Vec::<String>::new());
    assert_eq!(names(&app, &lars, "megan").await, Vec::<String>::new());
    assert_eq!(names(&app, &lars, "lars nystrom").await, ["Lars Nyström"]);
}

#[tokio::test]
async fn the_directory_needs_a_session() {
    let app = spawn_app().await;
    let response = app.get(&app.client(), "/api/directory?search=soren").await;
    assert_error(response, StatusCode::UNAUTHORIZED, "unauthenticated", None).await;
}

#[tokio::test]
async fn the_openapi_document_describes_the_license_routes() {
    let app = spawn_app().await;
    let document: Value = ok(app.get(&app.client(), "/api/openapi.json").await).await;
    let paths = document["paths"].as_object().expect("paths");
    for path in [
        "/api/licenses",
        "/api/licenses/{product_id}",
        "/api/licenses/{product_id}/people",
        "/api/licenses/{product_id}/people.csv",
        "/api/licenses/{product_id}/assignments",
        "/api/licenses/{product_id}/unassignments",
        "/api/directory",
    ] {
        assert!(paths.contains_key(path), "{path} is missing");
    }
    assert!(document["components"]["schemas"]["AssignRequest"].is_object());
}
