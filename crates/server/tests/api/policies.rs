//! Settings > Self-service purchases: the policy per product and the default, who may read and
//! change them, and the server refusing what a policy forbids whatever the page sent, while
//! subscriptions bought before a change keep working.

use portal_api::products::{Product, ProductList};
use portal_api::purchases::{BuyTrialRequest, Payment, PurchaseRequest, TrialRequest};
use portal_api::self_service::{PolicyList, ProductPolicy, SelfServicePolicy};
use portal_api::subscriptions::{Subscription, SubscriptionStatus};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{
    ADELE, ALEX, MEGAN, MEGANS_POWER_BI, MEGANS_VISIO_TRIAL, POWER_BI_PRO, TestApp, VISIO_PLAN_2, assert_error, count,
    created, key, ok, spawn_app,
};

const CLIPCHAMP: &str = "prd_clipchamp_eur";
const POWER_PAGES: &str = "prd_power_pages_eur";
const E3: &str = "prd_microsoft_365_e3_eur";

async fn policies(app: &TestApp, client: &Client) -> PolicyList {
    ok(app.get(client, "/api/self-service/policies").await).await
}

async fn save(app: &TestApp, client: &Client, body: &Value) -> reqwest::Response {
    client.put(app.url("/api/self-service/policies")).json(body).send().await.expect("sent")
}

fn product<'a>(list: &'a PolicyList, id: &str) -> &'a ProductPolicy {
    list.products.iter().find(|p| p.product_id == id).unwrap_or_else(|| panic!("{id} is listed"))
}

async fn set(app: &TestApp, admin: &Client, product_id: &str, policy: SelfServicePolicy) -> PolicyList {
    ok(save(app, admin, &json!({ "products": [{ "product_id": product_id, "policy": policy }] })).await).await
}

async fn catalog_policy(app: &TestApp, client: &Client, product_id: &str) -> SelfServicePolicy {
    let list: ProductList = ok(app.get(client, "/api/products").await).await;
    let found: Vec<&Product> = list.products.iter().filter(|p| p.id == product_id).collect();
    assert_eq!(found.len(), 1, "{product_id} is in the catalog once");
    found[0].policy
}

fn buy(product_id: &str) -> PurchaseRequest {
    PurchaseRequest {
        product_id: product_id.into(),
        licenses: 1,
        payment: Payment::SavedCard { payment_method_id: "pm_megan_visa".into() },
    }
}

#[tokio::test]
async fn an_admin_reads_every_product_of_the_catalog_with_its_policy_and_the_default() {
    let app = spawn_app().await;
    let adele = app.signed_in(ADELE).await;
    let list = policies(&app, &adele).await;
    assert_eq!(list.default_policy, SelfServicePolicy::Allow);
    assert_eq!((list.default_changed_by_name.as_deref(), list.default_changed_at.as_deref()), (None, None));
    assert_eq!(list.products.len(), 10, "{list:?}");
    let names: Vec<&str> = list.products.iter().map(|p| p.product_name.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "by name");
    let e3 = product(&list, E3);
    assert_eq!(
        (e3.policy, e3.follows_default, e3.changed_by_name.as_deref()),
        (SelfServicePolicy::DoNotAllow, false, None)
    );
    assert_eq!(product(&list, CLIPCHAMP).policy, SelfServicePolicy::TrialsOnly);
    let pages = product(&list, POWER_PAGES);
    assert_eq!((pages.policy, pages.follows_default), (SelfServicePolicy::Allow, true));
    assert!(list.products.iter().all(|p| p.product_id.ends_with("_eur")), "only Contoso's catalog");
}

#[tokio::test]
async fn people_who_are_not_admins_can_neither_read_nor_change_policies() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    let response = app.get(&megan, "/api/self-service/policies").await;
    assert_error(response, StatusCode::FORBIDDEN, "admin_only", None).await;
    let change = json!({ "products": [{ "product_id": VISIO_PLAN_2, "policy": "do_not_allow" }] });
    assert_error(save(&app, &megan, &change).await, StatusCode::FORBIDDEN, "admin_only", None).await;
    let adele = app.signed_in(ADELE).await;
    assert_eq!(product(&policies(&app, &adele).await, VISIO_PLAN_2).policy, SelfServicePolicy::Allow);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM audit_events WHERE action LIKE 'policy.%'").await, 0);
    let anonymous = app.client();
    assert_error(
        app.get(&anonymous, "/api/self-service/policies").await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
        None,
    )
    .await;
}

#[tokio::test]
async fn a_change_keeps_who_made_it_and_when_with_an_audit_event_of_before_and_after() {
    let app = spawn_app().await;
    let adele = app.signed_in(ADELE).await;
    let list = set(&app, &adele, VISIO_PLAN_2, SelfServicePolicy::TrialsOnly).await;
    let visio = product(&list, VISIO_PLAN_2);
    assert_eq!(visio.policy, SelfServicePolicy::TrialsOnly);
    assert_eq!(visio.changed_by_name.as_deref(), Some("Adele Vance"));
    assert_eq!(visio.changed_at.as_deref(), Some("2026-03-15T09:00:00Z"));
    let (before, after): (String, String) = sqlx::query_as(
        "SELECT before_json, after_json FROM audit_events WHERE action = 'policy.changed' AND subject_id = $1 AND actor_id = 'usr_adele'",
    )
    .bind(VISIO_PLAN_2)
    .fetch_one(&app.db)
    .await
    .expect("one audit event");
    assert_eq!(serde_json::from_str::<Value>(&before).ok(), Some(json!({ "policy": "allow" })));
    assert_eq!(serde_json::from_str::<Value>(&after).ok(), Some(json!({ "policy": "trials_only" })));

    // the same policy again changes nothing and records nothing
    app.advance(time::Duration::hours(1));
    let again = set(&app, &adele, VISIO_PLAN_2, SelfServicePolicy::TrialsOnly).await;
    assert_eq!(product(&again, VISIO_PLAN_2).changed_at.as_deref(), Some("2026-03-15T09:00:00Z"));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM audit_events WHERE action = 'policy.changed'").await, 1);
    // what people see follows at once
    let megan = app.signed_in(MEGAN).await;
    assert_eq!(catalog_policy(&app, &megan, VISIO_PLAN_2).await, SelfServicePolicy::TrialsOnly);
}

#[tokio::test]
async fn a_product_outside_the_catalog_is_refused_at_its_field_and_nothing_is_changed() {
    let app = spawn_app().await;
    let adele = app.signed_in(ADELE).await;
    let change = json!({ "default_policy": "do_not_allow", "products": [
        { "product_id": VISIO_PLAN_2, "policy": "do_not_allow" },
        { "product_id": "prd_power_bi_pro_sek", "policy": "do_not_allow" },
    ] });
    assert_error(
        save(&app, &adele, &change).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_body",
        Some("products[1]"),
    )
    .await;
    let missing = json!({ "products": [{ "product_id": "prd_nothing", "policy": "allow" }] });
    assert_error(
        save(&app, &adele, &missing).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_body",
        Some("products[0]"),
    )
    .await;
    let list = policies(&app, &adele).await;
    assert_eq!(
        (list.default_policy, product(&list, VISIO_PLAN_2).policy),
        (SelfServicePolicy::Allow, SelfServicePolicy::Allow)
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM audit_events WHERE action LIKE 'policy.%'").await, 0);
}

#[tokio::test]
async fn bad_policy_changes_answer_422_in_the_one_error_shape() {
    let app = spawn_app().await;
    let adele = app.signed_in(ADELE).await;
    assert_error(save(&app, &adele, &json!({})).await, StatusCode::UNPROCESSABLE_ENTITY, "no_change", None).await;
    let unknown = json!({ "products": [{ "product_id": VISIO_PLAN_2, "policy": "sometimes" }] });
    let field = Some("products[0].policy");
    assert_error(save(&app, &adele, &unknown).await, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", field).await;
    let twice = json!({ "products": [
        { "product_id": VISIO_PLAN_2, "policy": "allow" }, { "product_id": VISIO_PLAN_2, "policy": "do_not_allow" }] });
    assert_error(
        save(&app, &adele, &twice).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_body",
        Some("products[1]"),
    )
    .await;
    let many: Vec<Value> = (0..201).map(|i| json!({ "product_id": format!("prd_{i}"), "policy": "allow" })).collect();
    let error = assert_error(
        save(&app, &adele, &json!({ "products": many })).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "out_of_range",
        Some("products"),
    )
    .await;
    assert_eq!(error["count"], 200);
}

#[tokio::test]
async fn the_default_decides_for_products_the_organization_set_nothing_for() {
    let app = spawn_app().await;
    let adele = app.signed_in(ADELE).await;
    let list: PolicyList = ok(save(&app, &adele, &json!({ "default_policy": "do_not_allow" })).await).await;
    assert_eq!(list.default_policy, SelfServicePolicy::DoNotAllow);
    assert_eq!(list.default_changed_by_name.as_deref(), Some("Adele Vance"));
    assert_eq!(product(&list, POWER_PAGES).policy, SelfServicePolicy::DoNotAllow);
    assert_eq!(product(&list, VISIO_PLAN_2).policy, SelfServicePolicy::Allow, "set for itself: unchanged");
    let (before, after): (String, String) =
        sqlx::query_as("SELECT before_json, after_json FROM audit_events WHERE action = 'policy.default_changed'")
            .fetch_one(&app.db)
            .await
            .expect("one audit event");
    assert_eq!(
        (before.as_str(), after.as_str()),
        (r#"{"default_policy":"allow"}"#, r#"{"default_policy":"do_not_allow"}"#)
    );

    let megan = app.signed_in(MEGAN).await;
    assert_eq!(catalog_policy(&app, &megan, POWER_PAGES).await, SelfServicePolicy::DoNotAllow);
    let response = app.change(&megan, "POST", "/api/purchases", &key(), Some(&buy(POWER_PAGES))).await;
    assert_error(response, StatusCode::FORBIDDEN, "not_allowed_for_self_service", None).await;

    // setting it for the product itself: no longer following the default
    let list = set(&app, &adele, POWER_PAGES, SelfServicePolicy::Allow).await;
    assert!(!product(&list, POWER_PAGES).follows_default);
    let bought: Subscription =
        created(app.change(&megan, "POST", "/api/purchases", &key(), Some(&buy(POWER_PAGES))).await).await;
    assert_eq!(bought.product_id, POWER_PAGES);
}

#[tokio::test]
async fn allow_for_trials_only_lets_people_start_a_trial_but_not_buy() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    // Clipchamp comes as trials only
    let quote = app.get(&megan, &format!("/api/products/{CLIPCHAMP}/quote?licenses=1")).await;
    assert_error(quote, StatusCode::FORBIDDEN, "trials_only", None).await;
    let response = app.change(&megan, "POST", "/api/purchases", &key(), Some(&buy(CLIPCHAMP))).await;
    assert_error(response, StatusCode::FORBIDDEN, "trials_only", None).await;
    let trial = TrialRequest { product_id: CLIPCHAMP.into(), payment: None };
    let started: Subscription = created(app.change(&megan, "POST", "/api/trials", &key(), Some(&trial)).await).await;
    assert_eq!(started.status, SubscriptionStatus::Trial);

    // buying the trial is buying: refused too
    let buy_trial =
        BuyTrialRequest { licenses: 2, payment: Payment::SavedCard { payment_method_id: "pm_megan_visa".into() } };
    let path = format!("/api/subscriptions/{}/purchase", started.id);
    assert_error(
        app.change(&megan, "POST", &path, &key(), Some(&buy_trial)).await,
        StatusCode::FORBIDDEN,
        "trials_only",
        None,
    )
    .await;
    assert_eq!(count(&app, &format!("SELECT is_trial FROM subscriptions WHERE id = '{}'", started.id)).await, 1);
}

#[tokio::test]
async fn do_not_allow_refuses_buying_trials_quotes_and_buying_a_trial_whatever_the_page_sent() {
    let app = spawn_app().await;
    let adele = app.signed_in(ADELE).await;
    set(&app, &adele, VISIO_PLAN_2, SelfServicePolicy::DoNotAllow).await;
    let alex = app.signed_in(ALEX).await;
    let before = count(&app, "SELECT COUNT(*) FROM subscriptions").await;
    let quote = app.get(&alex, &format!("/api/products/{VISIO_PLAN_2}/quote?licenses=1")).await;
    assert_error(quote, StatusCode::FORBIDDEN, "not_allowed_for_self_service", None).await;
    let purchase = PurchaseRequest {
        product_id: VISIO_PLAN_2.into(),
        licenses: 1,
        payment: Payment::SavedCard { payment_method_id: "pm_alex_mastercard".into() },
    };
    let response = app.change(&alex, "POST", "/api/purchases", &key(), Some(&purchase)).await;
    assert_error(response, StatusCode::FORBIDDEN, "not_allowed_for_self_service", None).await;
    let trial = TrialRequest { product_id: VISIO_PLAN_2.into(), payment: None };
    let response = app.change(&alex, "POST", "/api/trials", &key(), Some(&trial)).await;
    assert_error(response, StatusCode::FORBIDDEN, "not_allowed_for_self_service", None).await;
    assert_eq!(count(&app, "SELECT COUNT(*) FROM subscriptions").await, before, "nothing was created");

    // Megan's Visio trial began before: it runs on, but buying it is refused now
    let megan = app.signed_in(MEGAN).await;
    let buy_trial =
        BuyTrialRequest { licenses: 5, payment: Payment::SavedCard { payment_method_id: "pm_megan_visa".into() } };
    let path = format!("/api/subscriptions/{MEGANS_VISIO_TRIAL}/purchase");
    let response = app.change(&megan, "POST", &path, &key(), Some(&buy_trial)).await;
    assert_error(response, StatusCode::FORBIDDEN, "not_allowed_for_self_service", None).await;
    let visio: Subscription = ok(app.get(&megan, &format!("/api/subscriptions/{MEGANS_VISIO_TRIAL}")).await).await;
    assert_eq!(visio.status, SubscriptionStatus::Trial);
}

#[tokio::test]
async fn subscriptions_bought_before_a_change_keep_their_license_changes_assignments_cancel_and_renewal() {
    let app = spawn_app().await;
    let adele = app.signed_in(ADELE).await;
    set(&app, &adele, POWER_BI_PRO, SelfServicePolicy::DoNotAllow).await;
    let megan = app.signed_in(MEGAN).await;
    let path = format!("/api/subscriptions/{MEGANS_POWER_BI}/licenses");
    let changed: Subscription =
        ok(app.change(&megan, "PUT", &path, &key(), Some(&json!({ "total_licenses": 101 }))).await).await;
    assert_eq!(changed.total_licenses, 101);
    let assign = json!({ "user_ids": ["usr_alex"] });
    let response = megan
        .post(app.url(&format!("/api/licenses/{POWER_BI_PRO}/assignments")))
        .json(&assign)
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::OK, "{}", response.text().await.unwrap_or_default());

    // it renews when its term ends
    app.advance(time::Duration::days(31));
    let megan = app.signed_in(MEGAN).await;
    let renewed: Subscription = ok(app.get(&megan, &format!("/api/subscriptions/{MEGANS_POWER_BI}")).await).await;
    assert_eq!((renewed.status, renewed.term_end_date.as_str()), (SubscriptionStatus::Active, "2026-05-15"));

    let cancel = json!({ "reason": "no_longer_needed", "mode": "now" });
    let path = format!("/api/subscriptions/{MEGANS_POWER_BI}/cancellation");
    let canceled: Subscription = ok(app.change(&megan, "POST", &path, &key(), Some(&cancel)).await).await;
    assert_eq!(canceled.status, SubscriptionStatus::Canceled);
}
