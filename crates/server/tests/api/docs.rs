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
async fn health_answers_ok_when_the_database_does() {
    let app = spawn_app().await;
    let response = app.get(&app.client(), "/api/health").await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.expect("the body is JSON");
    assert_eq!(body, serde_json::json!({ "status": "ok" }));
}
