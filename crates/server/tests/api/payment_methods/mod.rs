//! Bills & payments > Payment methods: the list with what uses each card, Edit (with the
//! gateway re-verifying a new security code), Add (declined cards change nothing), Remove
//! (refused while in use) and who may do it; that no card number or code is kept anywhere is
//! card_data.rs.

mod card_data;

use portal_api::cards::{CardBrand, CardInput};
use portal_api::payment_methods::{
    CardUseKind, ExpiryStatus, PaymentMethodDetails, PaymentMethodList, PaymentMethodUpdate,
};
use reqwest::{Client, Response, StatusCode};
use serde_json::json;

use crate::helpers::{ADELE, ALEX, LARS, MEGAN, TestApp, assert_error, created, key, ok, rows_in, spawn_app};

async fn cards(app: &TestApp, client: &Client) -> Vec<PaymentMethodDetails> {
    ok::<PaymentMethodList>(app.get(client, "/api/payment-methods").await).await.payment_methods
}

fn edit_of(card: &PaymentMethodDetails) -> PaymentMethodUpdate {
    PaymentMethodUpdate {
        security_code: None,
        expiry_month: card.expiry_month,
        expiry_year: card.expiry_year,
        name_on_card: card.name_on_card.clone(),
        address: card.address.clone(),
    }
}

async fn edit(app: &TestApp, client: &Client, id: &str, change: &PaymentMethodUpdate) -> Response {
    app.change(client, "PUT", &format!("/api/payment-methods/{id}"), &key(), Some(change)).await
}

async fn add(app: &TestApp, client: &Client, card: &CardInput) -> Response {
    app.change(client, "POST", "/api/payment-methods", &key(), Some(card)).await
}

async fn remove(app: &TestApp, client: &Client, id: &str) -> Response {
    app.change(client, "DELETE", &format!("/api/payment-methods/{id}"), &key(), None::<&()>).await
}

async fn megans_visa(app: &TestApp, client: &Client) -> PaymentMethodDetails {
    ok(app.get(client, "/api/payment-methods/pm_megan_visa").await).await
}

#[tokio::test]
async fn the_list_shows_each_card_with_what_uses_it_and_whether_it_expires() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    let cards = cards(&app, &megan).await;
    let ids: Vec<&str> = cards.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["pm_megan_visa", "pm_megan_mastercard", "pm_megan_amex"], "newest first");
    let visa = &cards[0];
    assert_eq!(
        (visa.brand, visa.last4.as_str(), visa.expiry_month, visa.expiry_year),
        (CardBrand::Visa, "4242", 12, 2029)
    );
    assert_eq!((visa.name_on_card.as_str(), visa.address.city.as_str()), ("Megan Bowen", "Amsterdam"));
    assert_eq!(visa.expiry_status, ExpiryStatus::Valid);
    assert!(visa.can_change);
    let uses: Vec<(CardUseKind, &str)> = visa.used_by.iter().map(|u| (u.kind, u.name.as_str())).collect();
    assert_eq!(
        uses,
        [
            (CardUseKind::BillingProfile, "Contoso Ltd. – Denmark"),
            (CardUseKind::BillingProfile, "Contoso Ltd. – Netherlands"),
            (CardUseKind::Subscription, "Power BI Pro"),
            (CardUseKind::Subscription, "Project Plan 3"),
        ],
        "the canceled Power Apps Premium no longer counts"
    );
    assert_eq!((cards[1].expiry_status, cards[1].used_by.len()), (ExpiryStatus::ExpiringSoon, 0));
    assert_eq!(cards[2].expiry_status, ExpiryStatus::Expired);
    // what the purchase pane reads is the same list
    let alex = app.signed_in(ALEX).await;
    assert_eq!(cards_ids(&app, &alex).await, ["pm_alex_mastercard"]);
}

async fn cards_ids(app: &TestApp, client: &Client) -> Vec<String> {
    cards(app, client).await.into_iter().map(|c| c.id).collect()
}

#[tokio::test]
async fn editing_a_card_saves_its_expiry_name_and_address() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    let visa = megans_visa(&app, &megan).await;
    let mut change = edit_of(&visa);
    (change.expiry_month, change.expiry_year) = (7, 2031);
    change.name_on_card = " Megan B. Bowen ".into();
    change.address.line1 = "Keizersgracht 1".into();
    let saved: PaymentMethodDetails = ok(edit(&app, &megan, "pm_megan_visa", &change).await).await;
    assert_eq!((saved.expiry_month, saved.expiry_year, saved.name_on_card.as_str()), (7, 2031, "Megan B. Bowen"));
    assert_eq!(saved.address.line1, "Keizersgracht 1");
    assert_eq!(megans_visa(&app, &megan).await, saved);
    let (action, after): (String, String) = sqlx::query_as(
        "SELECT action, after_json FROM audit_events WHERE subject_id = 'pm_megan_visa' ORDER BY created_at DESC LIMIT 1",
    )
    .fetch_one(&app.db)
    .await
    .expect("an audit event");
    assert_eq!(action, "payment_method.updated");
    assert!(after.contains("Megan B. Bowen") && after.contains("\"security_code_verified\":false"), "{after}");
    let same = edit(&app, &megan, "pm_megan_visa", &edit_of(&saved)).await;
    assert_error(same, StatusCode::UNPROCESSABLE_ENTITY, "no_change", None).await;
}

#[tokio::test]
async fn a_past_expiry_a_wrong_length_code_or_an_empty_name_is_refused_on_its_field_and_changes_nothing() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    let visa = megans_visa(&app, &megan).await;
    let mut past = edit_of(&visa);
    (past.expiry_month, past.expiry_year) = (2, 2026);
    assert_error(
        edit(&app, &megan, &visa.id, &past).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "card_expired",
        Some("expiry"),
    )
    .await;
    let mut this_month = edit_of(&visa);
    (this_month.expiry_month, this_month.expiry_year) = (3, 2026);
    assert_eq!(edit(&app, &megan, &visa.id, &this_month).await.status(), StatusCode::OK, "valid through March");
    let mut code = edit_of(&visa);
    code.security_code = Some("12".into());
    let response = edit(&app, &megan, &visa.id, &code).await;
    assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "security_code_invalid", Some("security_code")).await;
    let mut name = edit_of(&visa);
    name.name_on_card = "   ".into();
    assert_error(
        edit(&app, &megan, &visa.id, &name).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "required",
        Some("name_on_card"),
    )
    .await;
    let mut city = edit_of(&visa);
    city.address.city = String::new();
    assert_error(edit(&app, &megan, &visa.id, &city).await, StatusCode::UNPROCESSABLE_ENTITY, "required", Some("city"))
        .await;
    let now = megans_visa(&app, &megan).await;
    assert_eq!((now.expiry_month, now.expiry_year, now.name_on_card.as_str()), (3, 2026, "Megan Bowen"));
}

#[tokio::test]
async fn a_new_security_code_is_verified_by_the_gateway_and_a_failed_one_changes_nothing() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    let visa = megans_visa(&app, &megan).await;
    let mut wrong = edit_of(&visa);
    wrong.security_code = Some("000".into());
    wrong.name_on_card = "Someone Else".into();
    let response = edit(&app, &megan, &visa.id, &wrong).await;
    assert_error(response, StatusCode::PAYMENT_REQUIRED, "card_declined", Some("security_code")).await;
    assert_eq!(megans_visa(&app, &megan).await, visa, "nothing changed");
    let mut right = edit_of(&visa);
    right.security_code = Some("321".into());
    assert_eq!(edit(&app, &megan, &visa.id, &right).await.status(), StatusCode::OK, "a new code alone is a change");
    let after: String = sqlx::query_scalar(
        "SELECT after_json FROM audit_events WHERE subject_id = 'pm_megan_visa' AND action = 'payment_method.updated'",
    )
    .fetch_one(&app.db)
    .await
    .expect("one audit event");
    assert!(after.contains("\"security_code_verified\":true") && !after.contains("321"), "{after}");
}

#[tokio::test]
async fn adding_a_card_saves_only_its_token_brand_last4_and_expiry() {
    let app = spawn_app().await;
    let alex = app.signed_in(ALEX).await;
    app.advance(time::Duration::minutes(1)); // after the seed's cards
    let card = CardInput::sample("5555 5555 5555 4444");
    let saved: PaymentMethodDetails = created(add(&app, &alex, &card).await).await;
    assert_eq!(
        (saved.brand, saved.last4.as_str(), saved.expiry_status),
        (CardBrand::Mastercard, "4444", ExpiryStatus::Valid)
    );
    assert!(saved.used_by.is_empty() && saved.can_change);
    assert_eq!(cards_ids(&app, &alex).await[0], saved.id, "newest first");
    let action: String = sqlx::query_scalar("SELECT action FROM audit_events WHERE subject_id = $1")
        .bind(&saved.id)
        .fetch_one(&app.db)
        .await
        .expect("an audit event");
    assert_eq!(action, "payment_method.added");
}

#[tokio::test]
async fn a_declined_or_invalid_card_adds_nothing() {
    let app = spawn_app().await;
    let alex = app.signed_in(ALEX).await;
    let before = footprint(&app).await;
    let declined = add(&app, &alex, &CardInput::sample("4000 0000 0000 0002")).await;
    assert_error(declined, StatusCode::PAYMENT_REQUIRED, "card_declined", Some("payment")).await;
    let luhn = add(&app, &alex, &CardInput::sample("4242 4242 4242 4241")).await;
    assert_error(luhn, StatusCode::UNPROCESSABLE_ENTITY, "card_number_invalid", Some("number")).await;
    let mut expired = CardInput::sample("4242 4242 4242 4242");
    expired.expiry_year = 2025;
    let expired = add(&app, &alex, &expired).await;
    assert_error(expired, StatusCode::UNPROCESSABLE_ENTITY, "card_expired", Some("expiry")).await;
    assert_eq!(footprint(&app).await, before);
    let no_key = alex.post(app.url("/api/payment-methods")).json(&CardInput::sample("4242424242424242")).send().await;
    let no_key = no_key.expect("sent");
    assert_error(no_key, StatusCode::BAD_REQUEST, "idempotency_key_required", None).await;
}

/// The cards and audit events there are, to prove a refused Add wrote nothing.
async fn footprint(app: &TestApp) -> (i64, i64) {
    (rows_in(app, "payment_methods").await, rows_in(app, "audit_events").await)
}

#[tokio::test]
async fn the_same_key_adds_one_card_and_answers_the_same() {
    let app = spawn_app().await;
    let alex = app.signed_in(ALEX).await;
    let key = key();
    let card = CardInput::sample("4242 4242 4242 4242");
    let first = app.change(&alex, "POST", "/api/payment-methods", &key, Some(&card)).await;
    let first: PaymentMethodDetails = created(first).await;
    let again = app.change(&alex, "POST", "/api/payment-methods", &key, Some(&card)).await;
    assert_eq!(created::<PaymentMethodDetails>(again).await, first);
    assert_eq!(cards_ids(&app, &alex).await.len(), 2);
}

#[tokio::test]
async fn a_card_in_use_cannot_be_removed_and_the_answer_says_what_uses_it() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    let response = remove(&app, &megan, "pm_megan_visa").await;
    let error = assert_error(response, StatusCode::CONFLICT, "payment_method_in_use", None).await;
    assert_eq!(
        error["used_by"],
        json!(["Contoso Ltd. – Denmark", "Contoso Ltd. – Netherlands", "Power BI Pro", "Project Plan 3"])
    );
    assert!(cards_ids(&app, &megan).await.contains(&"pm_megan_visa".to_owned()));
    let left: PaymentMethodList = ok(remove(&app, &megan, "pm_megan_amex").await).await;
    let left: Vec<&str> = left.payment_methods.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(left, ["pm_megan_visa", "pm_megan_mastercard"]);
    let gone = app.get(&megan, "/api/payment-methods/pm_megan_amex").await;
    assert_error(gone, StatusCode::NOT_FOUND, "not_found", None).await;
}

#[tokio::test]
async fn a_card_a_subscription_still_pays_with_cannot_be_removed() {
    let app = spawn_app().await;
    let alex = app.signed_in(ALEX).await;
    // Alex's profile moves to a new card; his running subscription still pays with the old one
    sqlx::query("UPDATE billing_profiles SET payment_method_id = NULL WHERE id = 'bp_alex'")
        .execute(&app.db)
        .await
        .expect("updated");
    let response = remove(&app, &alex, "pm_alex_mastercard").await;
    let error = assert_error(response, StatusCode::CONFLICT, "payment_method_in_use", None).await;
    assert_eq!(error["used_by"], json!(["Power Automate Premium"]));
}

#[tokio::test]
async fn others_cannot_see_a_card_and_admins_only_read_it() {
    let app = spawn_app().await;
    let visa = {
        let megan = app.signed_in(MEGAN).await;
        megans_visa(&app, &megan).await
    };
    for who in [ALEX, LARS] {
        let client = app.signed_in(who).await;
        assert_error(
            app.get(&client, "/api/payment-methods/pm_megan_visa").await,
            StatusCode::NOT_FOUND,
            "not_found",
            None,
        )
        .await;
        assert_error(
            edit(&app, &client, "pm_megan_visa", &edit_of(&visa)).await,
            StatusCode::NOT_FOUND,
            "not_found",
            None,
        )
        .await;
        assert_error(remove(&app, &client, "pm_megan_amex").await, StatusCode::NOT_FOUND, "not_found", None).await;
        assert!(!cards_ids(&app, &client).await.iter().any(|id| id.starts_with("pm_megan")));
    }
    let adele = app.signed_in(ADELE).await;
    let read: PaymentMethodDetails = ok(app.get(&adele, "/api/payment-methods/pm_megan_visa").await).await;
    assert!(!read.can_change);
    let mut change = edit_of(&visa);
    change.name_on_card = "Adele was here".into();
    assert_error(edit(&app, &adele, "pm_megan_visa", &change).await, StatusCode::FORBIDDEN, "read_only", None).await;
    assert_error(remove(&app, &adele, "pm_megan_amex").await, StatusCode::FORBIDDEN, "read_only", None).await;
    assert_eq!(cards_ids(&app, &adele).await, ["pm_adele_visa"], "her list is her own cards");
}

#[tokio::test]
async fn a_stored_card_brand_the_portal_does_not_know_is_an_error_not_a_visa() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    sqlx::query("UPDATE payment_methods SET brand = 'discover'").execute(&app.db).await.expect("corrupted");
    // a corrupt row is the server's fault, answered like an unknown subscription status
    assert_error(app.get(&megan, "/api/payment-methods").await, StatusCode::INTERNAL_SERVER_ERROR, "internal", None)
        .await;
}
