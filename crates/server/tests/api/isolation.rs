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

/// Bills & payments and Billing accounts, endpoint by endpoint: Megan's things as Megan (their
/// owner), Alex (another user of Contoso), Adele (Contoso's admin) and Lars (Fabrikam) see them.
/// Owner: reads and changes; another user and another organization: 404; the admin reads
/// (200) and changing is 403 `read_only`.
#[tokio::test]
async fn who_may_do_what_with_invoices_cards_accounts_and_profiles() {
    use reqwest::StatusCode as S;
    use serde_json::json;

    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    let invoice = app.get(&megan, "/api/invoices").await.json::<serde_json::Value>().await.expect("a list")["invoices"]
        [0]["id"]
        .as_str()
        .expect("an invoice id")
        .to_owned();
    let edit = json!({ "expiry_month": 12, "expiry_year": 2030, "name_on_card": "M. Bowen",
        "address": { "line1": "Herengracht 182", "city": "Amsterdam", "postal_code": "1016 BR", "country": "NL" } });
    let replace = json!({ "payment": { "saved_card": { "payment_method_id": "pm_megan_mastercard" } } });
    let recipients = json!({ "recipients": ["finance@contoso.example"] });
    // (method, path, body, [Megan, Alex, Adele, Lars])
    let matrix: Vec<(&str, String, Option<serde_json::Value>, [S; 4])> = vec![
        ("GET", format!("/api/invoices/{invoice}"), None, [S::OK, S::NOT_FOUND, S::OK, S::NOT_FOUND]),
        ("GET", format!("/api/invoices/{invoice}.pdf"), None, [S::OK, S::NOT_FOUND, S::OK, S::NOT_FOUND]),
        ("GET", "/api/invoices?billing_profile_id=bp_contoso".into(), None, [S::OK, S::NOT_FOUND, S::OK, S::NOT_FOUND]),
        ("GET", "/api/payment-methods/pm_megan_visa".into(), None, [S::OK, S::NOT_FOUND, S::OK, S::NOT_FOUND]),
        (
            "PUT",
            "/api/payment-methods/pm_megan_visa".into(),
            Some(edit),
            [S::OK, S::NOT_FOUND, S::FORBIDDEN, S::NOT_FOUND],
        ),
        (
            "DELETE",
            "/api/payment-methods/pm_megan_amex".into(),
            None,
            [S::OK, S::NOT_FOUND, S::FORBIDDEN, S::NOT_FOUND],
        ),
        ("GET", "/api/billing-accounts/ba_megan".into(), None, [S::OK, S::NOT_FOUND, S::OK, S::NOT_FOUND]),
        ("GET", "/api/billing-profiles/bp_contoso".into(), None, [S::OK, S::NOT_FOUND, S::OK, S::NOT_FOUND]),
        (
            "PUT",
            "/api/billing-profiles/bp_contoso/payment-method".into(),
            Some(replace),
            [S::OK, S::NOT_FOUND, S::FORBIDDEN, S::NOT_FOUND],
        ),
        (
            "PUT",
            "/api/billing-profiles/bp_contoso/invoice-recipients".into(),
            Some(recipients),
            [S::OK, S::NOT_FOUND, S::FORBIDDEN, S::NOT_FOUND],
        ),
    ];
    let people = [MEGAN, ALEX, ADELE, LARS];
    let clients = app.signed_in_all(&people).await;
    // the owner goes last, so a change she makes cannot decide what the others get
    for (method, path, body, expected) in &matrix {
        for i in [1, 2, 3, 0] {
            let response = app.request(&clients[i], method, path, body.as_ref()).await;
            let status = response.status();
            let text = response.text().await.unwrap_or_default();
            assert_eq!(status, expected[i], "{} {method} {path}: {text}", people[i]);
            if status == S::NOT_FOUND {
                assert!(text.contains("\"not_found\""), "{text}");
            }
            if status == S::FORBIDDEN {
                assert!(text.contains("\"read_only\""), "{text}");
            }
        }
    }
    // nobody signed in: 401 everywhere
    for (method, path, body, _) in &matrix {
        let anonymous = app.client();
        let response = app.request(&anonymous, method, path, body.as_ref()).await;
        assert_eq!(response.status(), S::UNAUTHORIZED, "{method} {path}");
    }
}

/// Policies, license requests and notices, endpoint by endpoint, as Megan (a user who requests
/// licenses: the purchaser), Alex (a colleague), Adele (Contoso's admin), an admin of Fabrikam
/// and nobody signed in. Users never read or change policies, never see the organization's
/// requests or answer them; another organization's admin sees nothing of Contoso's.
#[tokio::test]
async fn who_may_do_what_with_policies_license_requests_and_notices() {
    use reqwest::StatusCode as S;
    use serde_json::{Value, json};

    let app = spawn_app().await;
    // Lars becomes Fabrikam's admin
    sqlx::query("UPDATE users SET role = 'admin' WHERE id = 'usr_lars'").execute(&app.db).await.expect("promoted");
    let policy = json!({ "products": [{ "product_id": "prd_visio_plan_2_eur", "policy": "trials_only" }] });
    let request = json!({ "product_id": "prd_copilot_eur", "user_ids": ["usr_megan"] });
    let decline = json!({ "approve_user_ids": [], "message": "Not now." });
    let read_all = json!({ "ids": [] });
    // (method, path, body, [Megan, Alex, Adele, Fabrikam's admin]); nobody signed in: 401
    let matrix: Vec<(&str, &str, Option<Value>, [S; 4])> = vec![
        ("GET", "/api/self-service/policies", None, [S::FORBIDDEN, S::FORBIDDEN, S::OK, S::OK]),
        (
            "PUT",
            "/api/self-service/policies",
            Some(policy),
            [S::FORBIDDEN, S::FORBIDDEN, S::OK, S::UNPROCESSABLE_ENTITY],
        ),
        ("GET", "/api/products", None, [S::OK, S::OK, S::OK, S::OK]),
        ("POST", "/api/license-requests", Some(request), [S::CREATED, S::CREATED, S::CREATED, S::NOT_FOUND]),
        ("GET", "/api/license-requests", None, [S::OK, S::OK, S::OK, S::OK]),
        ("GET", "/api/admin/license-requests", None, [S::FORBIDDEN, S::FORBIDDEN, S::OK, S::OK]),
        ("GET", "/api/admin/license-requests/lrq_lee_copilot", None, [S::FORBIDDEN, S::FORBIDDEN, S::OK, S::NOT_FOUND]),
        (
            "POST",
            "/api/admin/license-requests/lrq_alex_copilot/answer",
            Some(decline),
            [S::FORBIDDEN, S::FORBIDDEN, S::OK, S::NOT_FOUND],
        ),
        ("GET", "/api/notices", None, [S::OK, S::OK, S::OK, S::OK]),
        ("POST", "/api/notices/read", Some(read_all), [S::OK, S::OK, S::OK, S::OK]),
    ];
    let people = [MEGAN, ALEX, ADELE, LARS];
    let clients = app.signed_in_all(&people).await;
    // Contoso's admin goes last, so what she changes cannot decide what the others get
    for (method, path, body, expected) in &matrix {
        for i in [0, 1, 3, 2] {
            let response = app.request(&clients[i], method, path, body.as_ref()).await;
            let status = response.status();
            let text = response.text().await.unwrap_or_default();
            assert_eq!(status, expected[i], "{} {method} {path}: {text}", people[i]);
            if status == S::FORBIDDEN {
                assert!(text.contains("\"admin_only\""), "{text}");
            }
            if status == S::NOT_FOUND {
                assert!(text.contains("\"not_found\""), "{text}");
            }
            // another organization's answers hold nothing of Contoso's
            if i == 3 {
                assert!(!text.contains("_eur") && !text.contains("Megan") && !text.contains("lrq_"), "{path}: {text}");
            }
        }
        let anonymous = app.client();
        let response = app.request(&anonymous, method, path, body.as_ref()).await;
        assert_eq!(response.status(), S::UNAUTHORIZED, "{method} {path}");
    }
    // each person's own requests only
    for (i, who) in [(0, "usr_megan"), (1, "usr_alex")] {
        let own: Value = app.get(&clients[i], "/api/license-requests").await.json().await.expect("a list");
        let requesters: Vec<&str> =
            own["requests"].as_array().expect("requests").iter().filter_map(|r| r["requester_id"].as_str()).collect();
        assert!(!requesters.is_empty() && requesters.iter().all(|r| *r == who), "{who}: {requesters:?}");
    }
    // nobody's change reached Contoso's policies but Adele's
    let changed =
        crate::helpers::count(&app, "SELECT COUNT(*) FROM audit_events WHERE action = 'policy.changed'").await;
    assert_eq!(changed, 1);
}

/// The admin's side, endpoint by endpoint, in order (a later step may need an earlier one):
/// Megan (the purchaser), Alex (a colleague), Adele (Contoso's admin), Elin (Fabrikam's admin)
/// and nobody signed in. Each step's admin goes last, so her change cannot decide what the
/// others get; anonymous is 401 everywhere.
#[tokio::test]
async fn who_may_do_what_on_the_admins_side() {
    use crate::helpers::ELIN;
    use reqwest::StatusCode as S;
    use serde_json::json;

    let app = spawn_app().await;
    let sub = "sub_megan_power_bi";
    let cancel = json!({ "reason": "no_longer_needed", "mode": "now" });
    let target = json!({ "target_subscription_id": "sub_contoso_power_bi" });
    // (method, path, body, [Megan, Alex, Adele, Elin], the error codes of Megan's and Adele's refusals)
    type Step = (&'static str, String, Option<serde_json::Value>, [S; 4]);
    let steps: Vec<Step> = vec![
        ("GET", "/api/admin/subscriptions".into(), None, [S::FORBIDDEN, S::FORBIDDEN, S::OK, S::OK]),
        ("GET", "/api/admin/subscriptions/export?language=da".into(), None, [S::FORBIDDEN, S::FORBIDDEN, S::OK, S::OK]),
        ("GET", format!("/api/subscriptions/{sub}"), None, [S::OK, S::NOT_FOUND, S::OK, S::NOT_FOUND]),
        ("GET", format!("/api/subscriptions/{sub}/people"), None, [S::OK, S::NOT_FOUND, S::OK, S::NOT_FOUND]),
        ("GET", format!("/api/subscriptions/{sub}/invoices"), None, [S::OK, S::NOT_FOUND, S::OK, S::NOT_FOUND]),
        ("GET", format!("/api/subscriptions/{sub}/activity"), None, [S::OK, S::NOT_FOUND, S::OK, S::NOT_FOUND]),
        // before Take control: the admin only reads
        (
            "GET",
            format!("/api/subscriptions/{sub}/move-users"),
            None,
            [S::FORBIDDEN, S::NOT_FOUND, S::CONFLICT, S::NOT_FOUND],
        ),
        (
            "POST",
            format!("/api/subscriptions/{sub}/move-users"),
            Some(target.clone()),
            [S::FORBIDDEN, S::NOT_FOUND, S::CONFLICT, S::NOT_FOUND],
        ),
        (
            "GET",
            format!("/api/subscriptions/{sub}/cancellation"),
            None,
            [S::OK, S::NOT_FOUND, S::FORBIDDEN, S::NOT_FOUND],
        ),
        (
            "POST",
            format!("/api/subscriptions/{sub}/take-control"),
            None,
            [S::FORBIDDEN, S::NOT_FOUND, S::OK, S::NOT_FOUND],
        ),
        // after it: the purchaser no longer changes it; the admin moves its people
        (
            "GET",
            format!("/api/subscriptions/{sub}/cancellation"),
            None,
            [S::FORBIDDEN, S::NOT_FOUND, S::OK, S::NOT_FOUND],
        ),
        (
            "GET",
            format!("/api/subscriptions/{sub}/move-users"),
            None,
            [S::FORBIDDEN, S::NOT_FOUND, S::OK, S::NOT_FOUND],
        ),
        (
            "POST",
            format!("/api/subscriptions/{sub}/move-users"),
            Some(target),
            [S::FORBIDDEN, S::NOT_FOUND, S::OK, S::NOT_FOUND],
        ),
        // canceled by the move: nothing left to cancel, for anyone who may see it
        (
            "POST",
            format!("/api/subscriptions/{sub}/cancellation"),
            Some(cancel),
            [S::FORBIDDEN, S::NOT_FOUND, S::CONFLICT, S::NOT_FOUND],
        ),
        ("GET", format!("/api/subscriptions/{sub}/activity"), None, [S::OK, S::NOT_FOUND, S::OK, S::NOT_FOUND]),
    ];
    let people = [MEGAN, ALEX, ADELE, ELIN];
    let clients = app.signed_in_all(&people).await;
    for (method, path, body, expected) in &steps {
        let anonymous = app.request(&app.client(), method, path, body.as_ref()).await;
        assert_eq!(anonymous.status(), S::UNAUTHORIZED, "anonymous {method} {path}");
        for i in [0, 1, 3, 2] {
            let response = app.request(&clients[i], method, path, body.as_ref()).await;
            let status = response.status();
            let text = response.text().await.unwrap_or_default();
            assert_eq!(status, expected[i], "{} {method} {path}: {text}", people[i]);
            match status {
                S::NOT_FOUND => assert!(text.contains("\"not_found\""), "{text}"),
                S::FORBIDDEN if i == 0 => assert!(
                    ["\"admin_only\"", "\"managed_by_admin\""].iter().any(|code| text.contains(code)),
                    "{} {method} {path}: {text}",
                    people[i]
                ),
                S::FORBIDDEN => assert!(
                    ["\"admin_only\"", "\"read_only\""].iter().any(|code| text.contains(code)),
                    "{} {method} {path}: {text}",
                    people[i]
                ),
                _ => {}
            }
        }
    }
    // Fabrikam's admin listed only Fabrikam's purchases all along
    let elin: portal_api::self_service::PurchasesPage =
        ok(app.get(&clients[3], "/api/admin/subscriptions?self_service=false").await).await;
    assert!(elin.purchases.iter().all(|p| p.subscription_id == "sub_lars_power_bi"));
}
