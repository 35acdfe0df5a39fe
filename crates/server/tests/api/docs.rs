//! The API describes itself, and says whether it is up.

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::spawn_app;

#[tokio::test]
async fn the_openapi_document_describes_every_route() {
    let app = spawn_app().await;
    let response = app.get(&app.client(), "/api/openapi.json").await;
    assert_eq!(response.status(), StatusCode::OK);
    let document: Value = response.json().await.expect("the document is JSON");
    assert!(document["openapi"].as_str().is_some_and(|v| v.starts_with("3.")), "{document}");
    let paths = document["paths"].as_object().expect("the document has paths");
    for path in ["/api/session", "/api/me", "/api/products", "/api/subscriptions", "/api/subscriptions/{id}"] {
        assert!(paths.contains_key(path), "{path} is missing from {:?}", paths.keys().collect::<Vec<_>>());
    }
    assert!(paths["/api/session"]["post"].is_object() && paths["/api/session"]["delete"].is_object());
    assert!(document["components"]["schemas"]["ErrorBody"].is_object(), "the error shape is described");
}

#[tokio::test]
async fn the_admins_side_is_described_with_every_status_it_answers() {
    let app = spawn_app().await;
    let document: Value = app.get(&app.client(), "/api/openapi.json").await.json().await.expect("JSON");
    let paths = &document["paths"];
    for (path, method, statuses) in [
        ("/api/admin/subscriptions", "get", &["200", "401", "403", "422"][..]),
        ("/api/admin/subscriptions/export", "get", &["200", "401", "403", "422"]),
        ("/api/subscriptions/{id}/people", "get", &["200", "401", "404", "422"]),
        ("/api/subscriptions/{id}/invoices", "get", &["200", "401", "404"]),
        ("/api/subscriptions/{id}/activity", "get", &["200", "401", "404", "422"]),
        ("/api/subscriptions/{id}/take-control", "post", &["200", "401", "403", "404", "409"]),
        ("/api/subscriptions/{id}/move-users", "get", &["200", "401", "403", "404", "409"]),
        // a body: also 413 and 415, which every route with one answers
        (
            "/api/subscriptions/{id}/move-users",
            "post",
            &["200", "400", "401", "403", "404", "409", "413", "415", "422"],
        ),
    ] {
        let responses = paths[path][method]["responses"].as_object().unwrap_or_else(|| panic!("{method} {path}"));
        let mut documented: Vec<&str> = responses.keys().map(String::as_str).collect();
        documented.sort();
        assert_eq!(documented, statuses, "{method} {path}");
    }
    assert!(document["components"]["schemas"]["PurchasesPage"].is_object());
    assert!(document["components"]["schemas"]["ActivityPage"].is_object());
}

#[tokio::test]
async fn health_answers_ok_when_the_database_does() {
    let app = spawn_app().await;
    let response = app.get(&app.client(), "/api/health").await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.expect("the body is JSON");
    assert_eq!(body, serde_json::json!({ "status": "ok" }));
}

#[tokio::test]
async fn the_document_says_what_the_code_does_query_parameters_keys_and_common_answers() {
    let app = spawn_app().await;
    let document: Value = app.get(&app.client(), "/api/openapi.json").await.json().await.expect("JSON");
    let parameter = |path: &str, method: &str, name: &str| -> Value {
        document["paths"][path][method]["parameters"]
            .as_array()
            .and_then(|all| all.iter().find(|p| p["name"] == name).cloned())
            .unwrap_or_else(|| panic!("{method} {path} has no parameter {name}"))
    };
    assert_eq!(parameter("/api/products/{id}/quote", "get", "licenses")["in"], "query");
    assert_eq!(parameter("/api/subscriptions/{id}/license-change", "get", "total_licenses")["in"], "query");
    let key = parameter("/api/purchases", "post", "Idempotency-Key");
    assert_eq!((key["in"].as_str(), key["required"].as_bool()), (Some("header"), Some(true)));
    assert_eq!((key["schema"]["minLength"].as_u64(), key["schema"]["maxLength"].as_u64()), (Some(1), Some(255)));
    assert_eq!(parameter("/api/invoices", "get", "offset")["schema"]["minimum"], 0);
    let purchase = &document["paths"]["/api/purchases"]["post"]["responses"];
    for status in ["400", "401", "413", "415", "422"] {
        assert!(purchase[status].is_object(), "POST /api/purchases documents {status}");
    }
    let sign_in = &document["paths"]["/api/session"]["post"]["responses"];
    assert!(sign_in["401"].is_object() && sign_in["415"].is_object(), "{sign_in}");
    assert!(document["paths"]["/api/sessions"]["delete"].is_object(), "sign out everywhere is documented");
}

#[tokio::test]
async fn the_openapi_document_describes_policies_license_requests_and_notices_with_every_status() {
    let app = spawn_app().await;
    let document: Value = app.get(&app.client(), "/api/openapi.json").await.json().await.expect("JSON");
    let paths = &document["paths"];
    let expected: [(&str, &str, &[&str]); 9] = [
        ("/api/self-service/policies", "get", &["200", "401", "403"]),
        ("/api/self-service/policies", "put", &["200", "401", "403", "422"]),
        ("/api/license-requests", "post", &["201", "401", "404", "422"]),
        ("/api/license-requests", "get", &["200", "401"]),
        ("/api/admin/license-requests", "get", &["200", "401", "403", "422"]),
        ("/api/admin/license-requests/{id}", "get", &["200", "401", "403", "404"]),
        ("/api/admin/license-requests/{id}/answer", "post", &["200", "400", "401", "403", "404", "409", "422"]),
        ("/api/notices", "get", &["200", "401"]),
        ("/api/notices/read", "post", &["200", "401", "422"]),
    ];
    for (path, method, statuses) in expected {
        let responses =
            paths[path][method]["responses"].as_object().unwrap_or_else(|| panic!("{method} {path} is described"));
        for status in statuses {
            assert!(responses.contains_key(*status), "{method} {path} documents {status}: {:?}", responses.keys());
        }
    }
    for schema in [
        "PolicyList",
        "PolicyChange",
        "LicenseRequest",
        "LicenseRequestDetails",
        "RequestAnswer",
        "NoticeList",
        "MarkRead",
    ] {
        assert!(document["components"]["schemas"][schema].is_object(), "{schema} is described");
    }
}

#[tokio::test]
async fn every_operation_but_signing_in_and_the_public_documents_says_it_answers_401() {
    let app = spawn_app().await;
    let document: Value = app.get(&app.client(), "/api/openapi.json").await.json().await.expect("JSON");
    let mut operations = 0;
    for (path, item) in document["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("a path item") {
            let public = ["/api/session", "/api/health", "/api/openapi.json"].contains(&path.as_str());
            let says_401 = operation["responses"]["401"].is_object();
            assert_eq!(says_401, !public || (path == "/api/session" && method == "post"), "{method} {path}");
            operations += 1;
        }
    }
    assert!(operations > 50, "{operations} operations");
}
