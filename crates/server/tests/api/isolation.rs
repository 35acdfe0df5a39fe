//! Who may see which subscription: its purchaser, and admins of its organization only.

use portal_api::Money;
use portal_api::subscriptions::{Subscription, SubscriptionList, SubscriptionStatus};
use reqwest::{Client, StatusCode};

use crate::helpers::{ADELE, ALEX, LARS, MEGAN, TestApp, assert_error, ok, spawn_app};

async fn list(app: &TestApp, client: &Client) -> Vec<Subscription> {
    ok::<SubscriptionList>(app.get(client, "/api/subscriptions").await).await.subscriptions
}

fn ids(subscriptions: &[Subscription]) -> Vec<&str> {
    subscriptions.iter().map(|s| s.id.as_str()).collect()
}

async fn get_one(app: &TestApp, client: &Client, id: &str) -> Subscription {
    ok(app.get(client, &format!("/api/subscriptions/{id}")).await).await
}

#[tokio::test]
async fn a_user_of_another_organization_lists_only_their_own_subscriptions() {
    let app = spawn_app().await;
    let lars = app.signed_in(LARS).await;
    let subscriptions = list(&app, &lars).await;
    assert_eq!(ids(&subscriptions), ["sub_lars_power_bi"]);
    assert!(subscriptions.iter().all(|s| !s.id.starts_with("sub_megan")));
    assert!(subscriptions.iter().all(|s| s.price.currency == "SEK"));
}

#[tokio::test]
async fn a_user_of_another_organization_gets_not_found_for_a_subscription_that_exists() {
    let app = spawn_app().await;
    let lars = app.signed_in(LARS).await;
    let response = app.get(&lars, "/api/subscriptions/sub_megan_power_bi").await;
    assert_error(response, StatusCode::NOT_FOUND, "not_found", None).await;
}

#[tokio::test]
async fn a_subscription_that_is_not_yours_looks_exactly_like_one_that_does_not_exist() {
    let app = spawn_app().await;
    let lars = app.signed_in(LARS).await;
    let exists = app.get(&lars, "/api/subscriptions/sub_megan_power_bi").await;
    let exists = assert_error(exists, StatusCode::NOT_FOUND, "not_found", None).await;
    let missing = app.get(&lars, "/api/subscriptions/sub_does_not_exist").await;
    let missing = assert_error(missing, StatusCode::NOT_FOUND, "not_found", None).await;
    assert_eq!(exists, missing);
}

#[tokio::test]
async fn another_user_of_the_same_organization_gets_not_found_for_a_subscription_they_did_not_buy() {
    let app = spawn_app().await;
    let alex = app.signed_in(ALEX).await;
    let response = app.get(&alex, "/api/subscriptions/sub_megan_power_bi").await;
    assert_error(response, StatusCode::NOT_FOUND, "not_found", None).await;
    assert_eq!(ids(&list(&app, &alex).await), ["sub_alex_power_automate"]);
}

#[tokio::test]
async fn an_admin_can_read_a_subscription_someone_else_in_her_organization_bought() {
    let app = spawn_app().await;
    let adele = app.signed_in(ADELE).await;
    let subscription = get_one(&app, &adele, "sub_megan_power_bi").await;
    assert_eq!(subscription.id, "sub_megan_power_bi");
    assert_eq!(subscription.purchaser_name, "Megan Bowen");
    assert_eq!(get_one(&app, &adele, "sub_alex_power_automate").await.purchaser_name, "Alex Wilber");
}

#[tokio::test]
async fn an_admin_cannot_read_a_subscription_of_another_organization() {
    let app = spawn_app().await;
    let adele = app.signed_in(ADELE).await;
    let response = app.get(&adele, "/api/subscriptions/sub_lars_power_bi").await;
    assert_error(response, StatusCode::NOT_FOUND, "not_found", None).await;
}

#[tokio::test]
async fn an_admin_lists_only_what_she_bought_herself() {
    let app = spawn_app().await;
    let adele = app.signed_in(ADELE).await;
    let subscriptions = list(&app, &adele).await;
    assert!(ids(&subscriptions).contains(&"sub_adele_m365"), "{:?}", ids(&subscriptions));
    assert!(subscriptions.iter().all(|s| s.purchaser_id == "usr_adele"));
    assert!(subscriptions.iter().all(|s| !s.self_service), "bought by an admin for the organization");
}

#[tokio::test]
async fn the_purchaser_lists_her_subscriptions_newest_first_and_nobody_elses() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    let subscriptions = list(&app, &megan).await;
    assert_eq!(
        ids(&subscriptions),
        ["sub_megan_visio", "sub_megan_power_apps", "sub_megan_power_bi", "sub_megan_project"],
        "started 10 days, 2 months, 4 months and 9 months ago"
    );
    assert!(!ids(&subscriptions).contains(&"sub_alex_power_automate"));

    let power_bi = subscriptions.iter().find(|s| s.id == "sub_megan_power_bi").expect("Power BI is listed");
    assert_eq!(power_bi.total_licenses, 100);
    assert_eq!(power_bi.assigned_licenses, 40);
}

#[tokio::test]
async fn the_purchaser_reads_her_subscription_with_its_licenses_price_and_term() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    let power_bi = get_one(&app, &megan, "sub_megan_power_bi").await;
    assert_eq!(
        power_bi,
        Subscription {
            id: "sub_megan_power_bi".into(),
            product_id: "prd_power_bi_pro_eur".into(),
            product_name: "Power BI Pro".into(),
            self_service: true,
            status: SubscriptionStatus::Active,
            total_licenses: 100,
            assigned_licenses: 40,
            // one month after the fixed start day, 2026-03-15
            term_end_date: "2026-04-15".into(),
            // monthly: 100 licenses × €14.00
            price: Money { amount_minor: 140_000, currency: "EUR".into() },
            purchaser_id: "usr_megan".into(),
            purchaser_name: "Megan Bowen".into(),
            managed_by_admin: false,
            is_trial: false,
            recurring_billing: true,
            billing_term: portal_api::products::BillingTerm::Monthly,
            price_per_license_month: Money { amount_minor: 1400, currency: "EUR".into() },
            max_licenses: 1000,
            can_change: true,
            reactivate_until: None,
        }
    );
    let visio = get_one(&app, &megan, "sub_megan_visio").await;
    assert_eq!(visio.status, SubscriptionStatus::Trial);
    // a trial costs nothing until it is bought
    assert_eq!(visio.price.amount_minor, 0);
    let project = get_one(&app, &megan, "sub_megan_project").await;
    // annual: 10 licenses × €25.00 × 12 months
    assert_eq!(project.price.amount_minor, 10 * 2500 * 12);
}
