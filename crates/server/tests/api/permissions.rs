//! Who may do what, endpoint by endpoint: each table sends every request as the owner, a
//! colleague, an admin and someone of another organization (and nobody signed in), and checks
//! each status and error code. (Subscriptions alone: isolation.rs.)

use crate::helpers::{ADELE, ALEX, LARS, MEGAN, ok, spawn_app};

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
