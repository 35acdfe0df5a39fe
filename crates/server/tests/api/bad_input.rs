//! Whatever a client sends, the answer is a 4xx in the API's error shape, never a 5xx.

use reqwest::StatusCode;

use crate::helpers::{INDEX_HTML, MEGAN, assert_error, spawn_app, spawn_app_with_built_app};

const JSON: Option<&str> = Some("application/json");

#[tokio::test]
async fn malformed_json_is_invalid_json() {
    let app = spawn_app().await;
    for body in [r#"{"email": "megan.bowen@contoso.example", "password": "#, "{email: 1}", "not json", ""] {
        let response = app.post_session_raw(body, JSON).await;
        assert_error(response, StatusCode::BAD_REQUEST, "invalid_json", None).await;
    }
}

#[tokio::test]
async fn a_field_of_the_wrong_type_is_invalid_body_naming_the_field() {
    let app = spawn_app().await;
    let response = app.post_session_raw(r#"{"email":5,"password":"x"}"#, JSON).await;
    assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", Some("email")).await;
    let response = app.post_session_raw(r#"{"email":"a@b.example","password":["x"]}"#, JSON).await;
    assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", Some("password")).await;
}

#[tokio::test]
async fn a_missing_field_is_invalid_body_naming_the_field() {
    let app = spawn_app().await;
    let response = app.post_session_raw(r#"{"email":"megan.bowen@contoso.example"}"#, JSON).await;
    assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", Some("password")).await;
    let response = app.post_session_raw(r#"{"password":"x"}"#, JSON).await;
    assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", Some("email")).await;
}

#[tokio::test]
async fn a_body_of_the_wrong_shape_is_invalid_body_without_a_field() {
    let app = spawn_app().await;
    for body in ["[]", "5", "\"megan\"", "null"] {
        let response = app.post_session_raw(body, JSON).await;
        assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", None).await;
    }
}

#[tokio::test]
async fn an_array_is_not_read_as_a_body_whose_fields_all_have_defaults() {
    let app = spawn_app().await;
    let megan = app.signed_in(MEGAN).await;
    // Mark as read takes `{"ids": [...]}` with `ids` optional: `[]` is not that.
    let response = megan
        .post(app.url("/api/notices/read"))
        .header("Content-Type", "application/json")
        .body(" []")
        .send()
        .await
        .expect("sent");
    assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", None).await;
}

#[tokio::test]
async fn a_body_without_a_json_content_type_is_unsupported_media_type() {
    let app = spawn_app().await;
    let body = r#"{"email":"megan.bowen@contoso.example","password":"x"}"#;
    for content_type in [None, Some("text/plain"), Some("application/x-www-form-urlencoded")] {
        let response = app.post_session_raw(body, content_type).await;
        assert_error(response, StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", None).await;
    }
}

#[tokio::test]
async fn a_json_content_type_with_a_charset_is_accepted() {
    let app = spawn_app().await;
    let body = format!(r#"{{"email":"{MEGAN}","password":"{}"}}"#, portal_server::seed::DEMO_PASSWORD);
    let response = app.post_session_raw(body, Some("application/json; charset=utf-8")).await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_body_over_64_kib_is_payload_too_large() {
    let app = spawn_app().await;
    let password = "p".repeat(64 * 1024);
    let body = format!(r#"{{"email":"{MEGAN}","password":"{password}"}}"#);
    assert!(body.len() > portal_server::routes::BODY_LIMIT_BYTES);
    let response = app.post_session_raw(body, JSON).await;
    assert_error(response, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", None).await;
}

#[tokio::test]
async fn a_body_just_under_64_kib_is_read() {
    let app = spawn_app().await;
    let overhead = format!(r#"{{"email":"{MEGAN}","password":""}}"#).len();
    let password = "p".repeat(portal_server::routes::BODY_LIMIT_BYTES - overhead);
    let body = format!(r#"{{"email":"{MEGAN}","password":"{password}"}}"#);
    assert_eq!(body.len(), portal_server::routes::BODY_LIMIT_BYTES);
    let response = app.post_session_raw(body, JSON).await;
    // read and validated: the password is longer than any we accept
    assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "too_long", Some("password")).await;
}

#[tokio::test]
async fn bad_bodies_do_not_count_as_failed_sign_ins() {
    let app = spawn_app().await;
    for _ in 0..6 {
        let response = app.post_session_raw(r#"{"email":"megan.bowen@contoso.example"}"#, JSON).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let response = app.sign_in(&app.client(), MEGAN, "").await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    let (failures,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM sign_in_throttle").fetch_one(&app.db).await.expect("the count is read");
    assert_eq!(failures, 0);
    let response = app.sign_in(&app.client(), MEGAN, portal_server::seed::DEMO_PASSWORD).await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn an_unknown_api_path_is_not_found_in_json() {
    let app = spawn_app().await;
    let client = app.client();
    for path in ["/api/nope", "/api/subscriptions/sub_megan_power_bi/nope", "/api/"] {
        let response = app.get(&client, path).await;
        assert_error(response, StatusCode::NOT_FOUND, "not_found", None).await;
    }
    let response = client.post(app.url("/api/nope")).send().await.expect("the request is sent");
    assert_error(response, StatusCode::NOT_FOUND, "not_found", None).await;
}

#[tokio::test]
async fn api_paths_never_fall_through_to_the_app_shell() {
    let app = spawn_app_with_built_app().await;
    let client = app.client();
    for path in ["/api", "/api/", "/api/nope", "/api/me/"] {
        let response = app.get(&client, path).await;
        assert_error(response, StatusCode::NOT_FOUND, "not_found", None).await;
    }
    let response = client.post(app.url("/api/")).send().await.expect("the request is sent");
    assert_error(response, StatusCode::NOT_FOUND, "not_found", None).await;

    // while the app's own deep links still reload into the app
    let response = app.get(&client, "/billing/products").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.text().await.expect("the body can be read"), INDEX_HTML);
}

#[tokio::test]
async fn a_wrong_method_is_method_not_allowed_in_json() {
    let app = spawn_app().await;
    let client = app.client();
    let requests = [
        client.put(app.url("/api/me")),
        client.get(app.url("/api/session")),
        client.delete(app.url("/api/subscriptions")),
        client.post(app.url("/api/subscriptions/sub_megan_power_bi")),
    ];
    for request in requests {
        let response = request.send().await.expect("the request is sent");
        assert_error(response, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", None).await;
    }
}
