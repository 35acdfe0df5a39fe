//! Billing accounts and billing profiles: who sees which, a profile's details, Replace its
//! payment method (the renewing subscriptions follow), and its invoice email recipients.

use portal_api::billing_accounts::{
    BillingAccountDetails, BillingAccountList, BillingProfileDetails, BillingProfileList,
};
use portal_api::cards::CardInput;
use portal_api::subscriptions::Subscription;
use reqwest::{Client, Response, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{ADELE, ALEX, LARS, MEGAN, TestApp, assert_error, key, ok, spawn_app};

async fn profile(app: &TestApp, client: &Client, id: &str) -> BillingProfileDetails {
    ok(app.get(client, &format!("/api/billing-profiles/{id}")).await).await
}

async fn replace(app: &TestApp, client: &Client, id: &str, payment: Value) -> Response {
    let body = json!({ "payment": payment });
    app.change(client, "PUT", &format!("/api/billing-profiles/{id}/payment-method"), &key(), Some(&body)).await
}

async fn recipients(app: &TestApp, client: &Client, id: &str, list: &[&str]) -> Response {
    let body = json!({ "recipients": list });
    app.change(client, "PUT", &format!("/api/billing-profiles/{id}/invoice-recipients"), &key(), Some(&body)).await
}

async fn subscription_card(app: &TestApp, id: &str) -> Option<String> {
    sqlx::query_scalar("SELECT payment_method_id FROM subscriptions WHERE id = $1")
        .bind(id)
        .fetch_one(&app.db)
        .await
        .expect("read")
}

#[tokio::test]
async fn each_purchaser_has_one_account_and_megan_two_profiles() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    let accounts: BillingAccountList = ok(app.get(&megan, "/api/billing-accounts").await).await;
    assert_eq!(accounts.billing_accounts.len(), 1);
    let account = &accounts.billing_accounts[0];
    assert_eq!(
        (account.id.as_str(), account.owner_name.as_str(), account.billing_profile_count),
        ("ba_megan", "Megan Bowen", 2)
    );
    assert!(account.can_change);
    let details: BillingAccountDetails = ok(app.get(&megan, "/api/billing-accounts/ba_megan").await).await;
    let names: Vec<&str> = details.billing_profiles.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Contoso Ltd. – Denmark", "Contoso Ltd. – Netherlands"]);
    let older: BillingProfileList = ok(app.get(&megan, "/api/billing-profiles").await).await;
    assert_eq!(older.billing_profiles, details.billing_profiles, "Bills & payments > Billing profiles lists the same");
    for (who, account) in [(ALEX, "ba_alex"), (LARS, "ba_lars")] {
        let client = app.signed_in(who).await;
        let list: BillingAccountList = ok(app.get(&client, "/api/billing-accounts").await).await;
        let ids: Vec<&str> = list.billing_accounts.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, [account], "{who}");
    }
}

#[tokio::test]
async fn a_profile_shows_its_addresses_currency_card_and_subscriptions() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    let netherlands = profile(&app, &megan, "bp_contoso").await;
    assert_eq!(netherlands.summary.name, "Contoso Ltd. – Netherlands");
    assert_eq!((netherlands.summary.currency.as_str(), netherlands.tax_rate_bp), ("EUR", 2100));
    assert_eq!((netherlands.sold_to.name.as_str(), netherlands.bill_to.name.as_str()), ("Contoso Ltd.", "Megan Bowen"));
    assert_eq!((netherlands.sold_to.line1.as_str(), netherlands.sold_to.country.as_str()), ("Herengracht 182", "NL"));
    let card = netherlands.summary.payment_method.as_ref().expect("a card");
    assert_eq!((card.id.as_str(), card.last4.as_str()), ("pm_megan_visa", "4242"));
    assert_eq!(netherlands.invoice_email, "megan.bowen@contoso.example");
    assert!(netherlands.invoice_recipients.is_empty());
    let products: Vec<&str> = netherlands.subscriptions.iter().map(|s| s.product_name.as_str()).collect();
    assert_eq!(products, ["Power Apps Premium", "Power BI Pro", "Project Plan 3", "Visio Plan 2"]);
    let denmark = profile(&app, &megan, "bp_megan_denmark").await;
    assert_eq!((denmark.sold_to.city.as_str(), denmark.tax_rate_bp), ("København K", 2500));
}

#[tokio::test]
async fn replace_moves_the_profile_and_its_renewing_subscriptions_to_another_saved_card() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    let response =
        replace(&app, &megan, "bp_contoso", json!({ "saved_card": { "payment_method_id": "pm_megan_mastercard" } }))
            .await;
    let replaced: BillingProfileDetails = ok(response).await;
    assert_eq!(replaced.summary.payment_method.map(|c| c.id).as_deref(), Some("pm_megan_mastercard"));
    assert_eq!(
        subscription_card(&app, "sub_megan_power_bi").await.as_deref(),
        Some("pm_megan_mastercard"),
        "renews: moves"
    );
    assert_eq!(
        subscription_card(&app, "sub_megan_project").await.as_deref(),
        Some("pm_megan_visa"),
        "recurring billing off: stays"
    );
    assert_eq!(
        subscription_card(&app, "sub_megan_power_apps").await.as_deref(),
        Some("pm_megan_visa"),
        "canceled: stays"
    );
    let events: Vec<(String, String)> = sqlx::query_as(
        "SELECT action, after_json FROM audit_events WHERE subject_type = 'billing_profile' AND subject_id = 'bp_contoso'",
    )
    .fetch_all(&app.db)
    .await
    .expect("read");
    assert_eq!(events.len(), 1, "one audit event");
    assert_eq!(events[0].0, "billing_profile.payment_method_replaced");
    assert!(events[0].1.contains("sub_megan_power_bi"), "{}", events[0].1);
    // the profile page shows it; the other profile keeps its card
    assert_eq!(
        profile(&app, &megan, "bp_megan_denmark").await.summary.payment_method.map(|c| c.id).as_deref(),
        Some("pm_megan_visa")
    );
    let same =
        replace(&app, &megan, "bp_contoso", json!({ "saved_card": { "payment_method_id": "pm_megan_mastercard" } }))
            .await;
    assert_error(same, StatusCode::UNPROCESSABLE_ENTITY, "no_change", Some("payment")).await;
    let theirs =
        replace(&app, &megan, "bp_contoso", json!({ "saved_card": { "payment_method_id": "pm_alex_mastercard" } }))
            .await;
    assert_error(theirs, StatusCode::UNPROCESSABLE_ENTITY, "payment_method_required", Some("payment")).await;
    // and renewals charge the new card: the subscription itself says so
    let sub: Subscription = ok(app.get(&megan, "/api/subscriptions/sub_megan_power_bi").await).await;
    assert_eq!(sub.id, "sub_megan_power_bi");
}

#[tokio::test]
async fn replace_with_a_new_card_saves_it_and_a_declined_one_changes_nothing() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    let declined =
        replace(&app, &megan, "bp_contoso", json!({ "new_card": CardInput::sample("4000 0000 0000 0002") })).await;
    assert_error(declined, StatusCode::PAYMENT_REQUIRED, "card_declined", Some("payment")).await;
    assert_eq!(
        profile(&app, &megan, "bp_contoso").await.summary.payment_method.map(|c| c.id).as_deref(),
        Some("pm_megan_visa")
    );
    let invalid =
        replace(&app, &megan, "bp_contoso", json!({ "new_card": CardInput::sample("4242 4242 4242 4241") })).await;
    assert_error(invalid, StatusCode::UNPROCESSABLE_ENTITY, "card_number_invalid", Some("number")).await;
    let cards: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM payment_methods WHERE owner_id = 'usr_megan'")
        .fetch_one(&app.db)
        .await
        .expect("counted");
    assert_eq!(cards, 3, "no card was saved");
    let new = replace(&app, &megan, "bp_contoso", json!({ "new_card": CardInput::sample("3782 822463 10005") })).await;
    let replaced: BillingProfileDetails = ok(new).await;
    let card = replaced.summary.payment_method.expect("a card");
    assert_eq!(card.last4, "0005");
    assert_eq!(subscription_card(&app, "sub_megan_power_bi").await, Some(card.id));
}

#[tokio::test]
async fn up_to_five_valid_invoice_recipients() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    let five =
        ["a@contoso.example", "b@contoso.example", " C@Contoso.example ", "d@contoso.example", "e@contoso.example"];
    let saved: BillingProfileDetails = ok(recipients(&app, &megan, "bp_contoso", &five).await).await;
    assert_eq!(saved.invoice_recipients[2], "c@contoso.example");
    assert_eq!(saved.invoice_recipients.len(), 5);
    let mut six = five.to_vec();
    six.push("f@contoso.example");
    let error = assert_error(
        recipients(&app, &megan, "bp_contoso", &six).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "too_many_recipients",
        Some("recipients"),
    )
    .await;
    assert_eq!(error["count"], 5);
    let bad = recipients(&app, &megan, "bp_contoso", &["a@contoso.example", "not an address"]).await;
    assert_error(bad, StatusCode::UNPROCESSABLE_ENTITY, "invalid_email", Some("recipients[1]")).await;
    let twice = recipients(&app, &megan, "bp_contoso", &["a@contoso.example", "A@contoso.example"]).await;
    assert_error(twice, StatusCode::UNPROCESSABLE_ENTITY, "duplicate_recipient", Some("recipients[1]")).await;
    assert_eq!(
        profile(&app, &megan, "bp_contoso").await.invoice_recipients.len(),
        5,
        "the refused lists changed nothing"
    );
    let cleared: BillingProfileDetails = ok(recipients(&app, &megan, "bp_contoso", &[]).await).await;
    assert!(cleared.invoice_recipients.is_empty());
}

#[tokio::test]
async fn an_admin_reads_every_profile_of_her_organization_but_changes_none() {
    let app = spawn_app().await;
    let adele = app.signed_in(ADELE).await;
    let accounts: BillingAccountList = ok(app.get(&adele, "/api/billing-accounts").await).await;
    assert_eq!(accounts.billing_accounts.len(), 18, "every Contoso purchaser's account");
    assert!(accounts.billing_accounts.iter().all(|a| a.can_change == (a.id == "ba_adele")));
    assert!(accounts.billing_accounts.iter().all(|a| a.id != "ba_lars"));
    let megans = profile(&app, &adele, "bp_contoso").await;
    assert!(!megans.summary.can_change);
    let response =
        replace(&app, &adele, "bp_contoso", json!({ "saved_card": { "payment_method_id": "pm_adele_visa" } })).await;
    assert_error(response, StatusCode::FORBIDDEN, "read_only", None).await;
    assert_error(
        recipients(&app, &adele, "bp_contoso", &["x@contoso.example"]).await,
        StatusCode::FORBIDDEN,
        "read_only",
        None,
    )
    .await;
    let own = recipients(&app, &adele, "bp_adele", &["finance@contoso.example"]).await;
    assert_eq!(own.status(), StatusCode::OK, "her own profile she changes");
}

#[tokio::test]
async fn another_user_or_organization_sees_no_account_or_profile() {
    let app = spawn_app().await;
    for who in [ALEX, LARS] {
        let client = app.signed_in(who).await;
        for path in ["/api/billing-accounts/ba_megan", "/api/billing-profiles/bp_contoso"] {
            assert_error(app.get(&client, path).await, StatusCode::NOT_FOUND, "not_found", None).await;
        }
        let response =
            replace(&app, &client, "bp_contoso", json!({ "saved_card": { "payment_method_id": "pm_megan_visa" } }))
                .await;
        assert_error(response, StatusCode::NOT_FOUND, "not_found", None).await;
        assert_error(recipients(&app, &client, "bp_contoso", &[]).await, StatusCode::NOT_FOUND, "not_found", None)
            .await;
    }
    let lars = app.signed_in(LARS).await;
    let profiles: BillingProfileList = ok(app.get(&lars, "/api/billing-profiles").await).await;
    let ids: Vec<&str> = profiles.billing_profiles.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["bp_fabrikam"]);
}
