//! Signing in and out, and sessions (the failed-sign-in limits: sign_in_limits.rs).

use portal_api::session::Role;
use portal_server::seed::DEMO_PASSWORD;
use reqwest::StatusCode;
use reqwest::header::CACHE_CONTROL;

use crate::helpers::{ALEX, LARS, MEGAN, assert_error, me_of, session_cookie_pair, session_set_cookie, spawn_app};

const PROTECTED: [&str; 3] = ["/api/me", "/api/subscriptions", "/api/subscriptions/sub_megan_power_bi"];

#[tokio::test]
async fn signing_in_with_the_right_password_returns_the_person_and_their_organization() {
    let app = spawn_app().await;
    let response = app.sign_in(&app.client(), MEGAN, DEMO_PASSWORD).await;
    let me = me_of(response).await;
    assert_eq!(me.person.id, "usr_megan");
    assert_eq!(me.person.display_name, "Megan Bowen");
    assert_eq!(me.person.email, MEGAN);
    assert_eq!(me.person.role, Role::User);
    assert_eq!(me.organization.id, "org_contoso");
    assert_eq!(me.organization.name, "Contoso Ltd.");
    assert_eq!(me.organization.currency, "EUR");
}

#[tokio::test]
async fn the_session_cookie_is_http_only_same_site_strict_and_lasts_twelve_hours() {
    let app = spawn_app().await;
    let response = app.sign_in(&app.client(), MEGAN, DEMO_PASSWORD).await;
    assert_eq!(response.status(), StatusCode::OK);
    let cookie = session_set_cookie(&response);
    let attributes: Vec<&str> = cookie.split(';').map(str::trim).collect();
    assert!(attributes.contains(&"HttpOnly"), "{cookie}");
    assert!(attributes.contains(&"SameSite=Strict"), "{cookie}");
    assert!(attributes.contains(&"Path=/"), "{cookie}");
    assert!(attributes.contains(&"Max-Age=43200"), "{cookie}");
    assert!(!attributes.contains(&"Secure"), "Secure is off unless configured: {cookie}");
    // 32 random bytes, hex
    let token = attributes[0].trim_start_matches("portal_session=");
    assert_eq!(token.len(), 64, "{cookie}");
    assert!(token.chars().all(|c| c.is_ascii_hexdigit()), "{cookie}");
}

#[tokio::test]
async fn the_session_cookie_gives_access_to_me() {
    let app = spawn_app().await;
    let client = app.client();
    let signed_in = me_of(app.sign_in(&client, LARS, DEMO_PASSWORD).await).await;
    let me = me_of(app.get(&client, "/api/me").await).await;
    assert_eq!(me, signed_in);
    assert_eq!(me.person.display_name, "Lars Nyström");
    assert_eq!(me.organization.id, "org_fabrikam");
    assert_eq!(me.organization.currency, "SEK");
}

#[tokio::test]
async fn each_sign_in_gets_a_new_session_token() {
    let app = spawn_app().await;
    let first = app.sign_in(&app.bare_client(), MEGAN, DEMO_PASSWORD).await;
    let second = app.sign_in(&app.bare_client(), MEGAN, DEMO_PASSWORD).await;
    assert_ne!(session_cookie_pair(&first), session_cookie_pair(&second));
}

#[tokio::test]
async fn the_email_is_matched_regardless_of_case_and_surrounding_spaces() {
    let app = spawn_app().await;
    let response = app.sign_in(&app.client(), "  Megan.Bowen@CONTOSO.example ", DEMO_PASSWORD).await;
    assert_eq!(me_of(response).await.person.id, "usr_megan");
}

#[tokio::test]
async fn api_responses_are_never_cached() {
    let app = spawn_app().await;
    let response = app.sign_in(&app.client(), MEGAN, DEMO_PASSWORD).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers().get(CACHE_CONTROL).and_then(|v| v.to_str().ok()), Some("no-store"));
}

#[tokio::test]
async fn a_wrong_password_is_refused_as_invalid_credentials() {
    let app = spawn_app().await;
    let response = app.sign_in(&app.client(), MEGAN, "Portal-demo-2025").await;
    assert!(response.headers().get("set-cookie").is_none(), "no cookie for a failed sign-in");
    assert_error(response, StatusCode::UNAUTHORIZED, "invalid_credentials", None).await;
}

#[tokio::test]
async fn an_unknown_email_gets_exactly_the_same_answer_as_a_wrong_password() {
    let app = spawn_app().await;
    let wrong_password = app.sign_in(&app.client(), MEGAN, "wrong").await;
    let wrong_password = assert_error(wrong_password, StatusCode::UNAUTHORIZED, "invalid_credentials", None).await;
    let unknown = app.sign_in(&app.client(), "nobody@contoso.example", DEMO_PASSWORD).await;
    let unknown = assert_error(unknown, StatusCode::UNAUTHORIZED, "invalid_credentials", None).await;
    assert_eq!(unknown, wrong_password, "the two answers cannot be told apart");
}

#[tokio::test]
async fn a_person_in_the_directory_without_a_password_cannot_sign_in() {
    let app = spawn_app().await;
    // Søren is in Contoso's directory (and holds licenses) but has no portal password.
    let response = app.sign_in(&app.client(), "soren.orsted@contoso.example", DEMO_PASSWORD).await;
    assert_error(response, StatusCode::UNAUTHORIZED, "invalid_credentials", None).await;
}

#[tokio::test]
async fn an_empty_email_is_required() {
    let app = spawn_app().await;
    let response = app.sign_in(&app.client(), "   ", DEMO_PASSWORD).await;
    assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "required", Some("email")).await;
}

#[tokio::test]
async fn a_malformed_email_is_invalid_email() {
    let app = spawn_app().await;
    for email in ["megan", "megan@contoso", "megan bowen@contoso.example", "@contoso.example"] {
        let response = app.sign_in(&app.client(), email, DEMO_PASSWORD).await;
        assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid_email", Some("email")).await;
    }
}

#[tokio::test]
async fn an_empty_password_is_required() {
    let app = spawn_app().await;
    let response = app.sign_in(&app.client(), MEGAN, "").await;
    assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "required", Some("password")).await;
}

#[tokio::test]
async fn an_overlong_password_is_refused_before_hashing() {
    let app = spawn_app().await;
    let response = app.sign_in(&app.client(), MEGAN, &"p".repeat(257)).await;
    assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "too_long", Some("password")).await;
}

#[tokio::test]
async fn protected_routes_need_a_session() {
    let app = spawn_app().await;
    let client = app.client();
    for path in PROTECTED {
        let response = app.get(&client, path).await;
        assert_error(response, StatusCode::UNAUTHORIZED, "unauthenticated", None).await;
    }
}

#[tokio::test]
async fn a_made_up_session_cookie_is_refused() {
    let app = spawn_app().await;
    for path in PROTECTED {
        for cookie in ["portal_session=deadbeef", "portal_session=", "other=1; portal_session=deadbeef"] {
            let response = app.get_with_cookie(path, cookie).await;
            assert_error(response, StatusCode::UNAUTHORIZED, "unauthenticated", None).await;
        }
    }
}

#[tokio::test]
async fn a_session_cookie_sent_by_hand_works_until_sign_out() {
    let app = spawn_app().await;
    let response = app.sign_in(&app.bare_client(), MEGAN, DEMO_PASSWORD).await;
    let cookie = session_cookie_pair(&response);
    let me = me_of(app.get_with_cookie("/api/me", &cookie).await).await;
    assert_eq!(me.person.id, "usr_megan");
}

#[tokio::test]
async fn signing_out_ends_the_session_so_a_replayed_cookie_is_refused() {
    let app = spawn_app().await;
    let client = app.client();
    let response = app.sign_in(&client, MEGAN, DEMO_PASSWORD).await;
    assert_eq!(response.status(), StatusCode::OK);
    let cookie = session_cookie_pair(&response);
    assert_eq!(app.get_with_cookie("/api/me", &cookie).await.status(), StatusCode::OK, "the cookie works before");

    let signed_out = app.sign_out(&client).await;
    assert_eq!(signed_out.status(), StatusCode::NO_CONTENT);
    let cleared = session_set_cookie(&signed_out);
    assert!(cleared.starts_with("portal_session=;"), "the cookie is emptied: {cleared}");
    assert!(cleared.contains("Max-Age=0"), "the cookie is expired: {cleared}");

    for path in PROTECTED {
        let replayed = app.get_with_cookie(path, &cookie).await;
        assert_error(replayed, StatusCode::UNAUTHORIZED, "unauthenticated", None).await;
    }
    let after = app.get(&client, "/api/me").await;
    assert_error(after, StatusCode::UNAUTHORIZED, "unauthenticated", None).await;
}

#[tokio::test]
async fn signing_out_twice_is_fine() {
    let app = spawn_app().await;
    let client = app.signed_in(MEGAN).await;
    assert_eq!(app.sign_out(&client).await.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.sign_out(&client).await.status(), StatusCode::NO_CONTENT);
    // and without any cookie at all
    assert_eq!(app.sign_out(&app.bare_client()).await.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn signing_out_ends_only_that_session() {
    let app = spawn_app().await;
    let laptop = app.signed_in(MEGAN).await;
    let phone = app.signed_in(MEGAN).await;
    assert_eq!(app.sign_out(&laptop).await.status(), StatusCode::NO_CONTENT);
    assert_eq!(me_of(app.get(&phone, "/api/me").await).await.person.id, "usr_megan");
}

#[tokio::test]
async fn a_session_lasts_up_to_twelve_hours() {
    let app = spawn_app().await;
    let client = app.signed_in(MEGAN).await;
    app.advance(time::Duration::hours(11) + time::Duration::minutes(59));
    assert_eq!(app.get(&client, "/api/me").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_session_expires_after_twelve_hours() {
    let app = spawn_app().await;
    let response = app.sign_in(&app.client(), MEGAN, DEMO_PASSWORD).await;
    let cookie = session_cookie_pair(&response);
    app.advance(time::Duration::hours(13));
    for path in PROTECTED {
        let response = app.get_with_cookie(path, &cookie).await;
        assert_error(response, StatusCode::UNAUTHORIZED, "unauthenticated", None).await;
    }
}

#[tokio::test]
async fn signing_out_everywhere_ends_every_session_of_that_person_only() {
    let app = spawn_app().await;
    let laptop = app.signed_in(MEGAN).await;
    let phone = app.signed_in(MEGAN).await;
    let alex = app.signed_in(ALEX).await;
    let response = laptop.delete(app.url("/api/sessions")).send().await.expect("sent");
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert!(session_set_cookie(&response).contains("Max-Age=0"), "this browser's cookie is cleared");
    for client in [&laptop, &phone] {
        assert_error(app.get(client, "/api/me").await, StatusCode::UNAUTHORIZED, "unauthenticated", None).await;
    }
    assert_eq!(me_of(app.get(&alex, "/api/me").await).await.person.id, "usr_alex");
    let anonymous = app.bare_client().delete(app.url("/api/sessions")).send().await.expect("sent");
    assert_error(anonymous, StatusCode::UNAUTHORIZED, "unauthenticated", None).await;
}

#[tokio::test]
async fn ended_sessions_and_old_failed_sign_ins_are_purged() {
    let app = spawn_app().await;
    let old = app.signed_in(MEGAN).await;
    app.fail_sign_ins(ALEX, 2).await;
    app.advance(time::Duration::hours(12) + time::Duration::seconds(1));
    let fresh = app.signed_in(ALEX).await;
    app.fail_sign_ins("nobody@contoso.example", 1).await;

    let purged = portal_server::purge(&app.state).await.expect("the purge runs");
    assert_eq!(purged.sessions, 1, "Megan's ended session");
    // Megan's account count from 12 hours ago; Alex's, started again by his sign-in, stays
    assert_eq!(purged.failed_sign_ins, 1, "{purged:?}");
    let (left,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM sign_in_throttle WHERE key LIKE '%nobody%'")
        .fetch_one(&app.db)
        .await
        .expect("counted");
    assert_eq!(left, 2, "this window's failures stay (the pair and the account)");
    let (sessions,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM sessions").fetch_one(&app.db).await.expect("n");
    assert_eq!(sessions, 1, "only the live session is left");
    assert_eq!(app.get(&fresh, "/api/me").await.status(), StatusCode::OK);
    assert_eq!(app.get(&old, "/api/me").await.status(), StatusCode::UNAUTHORIZED);
}
