//! Signing in and out, sessions, and the failed-sign-in lock.

use portal_api::session::Role;
use portal_server::seed::DEMO_PASSWORD;
use reqwest::StatusCode;
use reqwest::header::{CACHE_CONTROL, RETRY_AFTER};

use std::sync::atomic::Ordering;

use portal_api::session::SignInRequest;

use crate::helpers::{
    ALEX, LARS, MEGAN, TestApp, assert_error, me_of, session_cookie_pair, session_set_cookie, spawn_app, spawn_app_with,
};

/// Where the attacks in these tests come from, and where Megan works (documentation ranges).
const ATTACKER: &str = "203.0.113.66";
const MEGANS_OFFICE: &str = "192.0.2.10";

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

/// A server that believes `X-Forwarded-For` from 127.0.0.1, so one test can sign in from many
/// client addresses.
async fn behind_a_proxy() -> TestApp {
    spawn_app_with(|config| config.trusted_proxies = vec!["127.0.0.1".parse().expect("an address")]).await
}

/// `POST /api/session` as if from the client address `from` (through the trusted proxy).
async fn sign_in_from(app: &TestApp, from: &str, email: &str, password: &str) -> reqwest::Response {
    app.client()
        .post(app.url("/api/session"))
        .header("x-forwarded-for", from)
        .json(&SignInRequest { email: email.to_owned(), password: password.to_owned() })
        .send()
        .await
        .expect("the sign-in request is sent")
}

fn retry_after(response: &reqwest::Response) -> Option<String> {
    response.headers().get(RETRY_AFTER).and_then(|v| v.to_str().ok()).map(str::to_owned)
}

#[tokio::test]
async fn five_failures_from_one_address_hold_that_address_back_for_fifteen_minutes_but_never_the_owner_elsewhere() {
    let app = behind_a_proxy().await;
    for _ in 0..5 {
        let failed = sign_in_from(&app, ATTACKER, MEGAN, "not-the-password").await;
        assert_eq!(failed.status(), StatusCode::UNAUTHORIZED);
    }

    let held_back = sign_in_from(&app, ATTACKER, MEGAN, DEMO_PASSWORD).await;
    assert!(held_back.headers().get("set-cookie").is_none(), "no session while held back");
    // the clock has not moved since the first failure: the whole window is left
    assert_eq!(retry_after(&held_back).as_deref(), Some("900"));
    assert_error(held_back, StatusCode::TOO_MANY_REQUESTS, "too_many_attempts", None).await;

    // Megan, from her own address, which has not failed, gets in at once
    let me = me_of(sign_in_from(&app, MEGANS_OFFICE, MEGAN, DEMO_PASSWORD).await).await;
    assert_eq!(me.person.id, "usr_megan");

    app.advance(time::Duration::minutes(10));
    let still = sign_in_from(&app, ATTACKER, MEGAN, DEMO_PASSWORD).await;
    assert_eq!(retry_after(&still).as_deref(), Some("300"));
    assert_error(still, StatusCode::TOO_MANY_REQUESTS, "too_many_attempts", None).await;

    app.advance(time::Duration::minutes(6));
    assert_eq!(me_of(sign_in_from(&app, ATTACKER, MEGAN, DEMO_PASSWORD).await).await.person.id, "usr_megan");
}

#[tokio::test]
async fn sixty_wrong_passwords_at_once_get_no_more_than_five_checked() {
    let app = spawn_app().await;
    let statuses = at_once(&app, (0..60).map(|_| "not-the-password")).await;
    let checked = app.state.sign_in_checks.load(Ordering::Relaxed);
    assert_eq!(checked, 5, "passwords checked out of 60 sent at once");
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::UNAUTHORIZED).count(), 5);
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count(), 55);
}

#[tokio::test]
async fn nineteen_wrong_passwords_and_the_right_one_at_once_get_no_more_than_five_checked() {
    let app = spawn_app().await;
    let statuses = at_once(&app, (0..20).map(|i| if i == 10 { DEMO_PASSWORD } else { "not-the-password" })).await;
    let checked = app.state.sign_in_checks.load(Ordering::Relaxed);
    let signed_in = statuses.iter().filter(|s| **s == StatusCode::OK).count();
    let answered = statuses.iter().filter(|s| [StatusCode::OK, StatusCode::UNAUTHORIZED].contains(s)).count();
    assert_eq!(answered as u64, checked, "every checked attempt was answered 200 or 401: {statuses:?}");
    assert_eq!(statuses.len() - answered, statuses.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count());
    // The right password gets in only when it is among the first five claims; a success then
    // forgets the failures before it, so up to five more may be checked after it.
    let limit = if signed_in == 1 { 10 } else { 5 };
    assert!(checked <= limit, "{checked} passwords checked out of 20 sent at once: {statuses:?}");
    assert!(statuses.iter().filter(|s| **s == StatusCode::OK).count() <= 1);
}

#[tokio::test]
async fn an_account_failing_from_many_addresses_is_slowed_not_locked() {
    let app = behind_a_proxy().await;
    // 12 failures from 3 addresses, none of which is held back yet
    for n in 1..=3 {
        for _ in 0..4 {
            let failed = sign_in_from(&app, &format!("198.51.100.{n}"), MEGAN, "not-the-password").await;
            assert_eq!(failed.status(), StatusCode::UNAUTHORIZED);
        }
    }
    let started = std::time::Instant::now();
    let me = me_of(sign_in_from(&app, MEGANS_OFFICE, MEGAN, DEMO_PASSWORD).await).await;
    assert_eq!(me.person.id, "usr_megan", "the right password from an address that has not failed gets in");
    let waited = started.elapsed();
    // 13 attempts in the window, 3 past the 10 that are not slowed: 3 × 250 ms
    assert!(waited >= std::time::Duration::from_millis(700), "the sign-in was slowed: {waited:?}");
    // another account is not slowed
    let started = std::time::Instant::now();
    assert_eq!(sign_in_from(&app, MEGANS_OFFICE, ALEX, DEMO_PASSWORD).await.status(), StatusCode::OK);
    assert!(started.elapsed() < std::time::Duration::from_millis(700));
}

#[tokio::test]
async fn one_address_failing_across_many_accounts_is_held_back_and_only_that_address() {
    let app = behind_a_proxy().await;
    for n in 0..30 {
        let failed = sign_in_from(&app, ATTACKER, &format!("nobody{}@contoso.example", n % 10), "guess").await;
        assert_eq!(failed.status(), StatusCode::UNAUTHORIZED, "failure {n}");
    }
    let held_back = sign_in_from(&app, ATTACKER, ALEX, DEMO_PASSWORD).await;
    assert_error(held_back, StatusCode::TOO_MANY_REQUESTS, "too_many_attempts", None).await;
    assert_eq!(sign_in_from(&app, MEGANS_OFFICE, ALEX, DEMO_PASSWORD).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_forwarded_address_is_not_believed_without_a_trusted_proxy() {
    let app = spawn_app().await;
    for n in 1..=5 {
        let failed = sign_in_from(&app, &format!("198.51.100.{n}"), MEGAN, "not-the-password").await;
        assert_eq!(failed.status(), StatusCode::UNAUTHORIZED);
    }
    // all five came from the socket's address, whatever the header said
    let held_back = sign_in_from(&app, "198.51.100.99", MEGAN, DEMO_PASSWORD).await;
    assert_error(held_back, StatusCode::TOO_MANY_REQUESTS, "too_many_attempts", None).await;
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

/// Megan's sign-in with each password, all sent at once on connections of their own; the statuses.
async fn at_once(app: &TestApp, passwords: impl Iterator<Item = &'static str>) -> Vec<StatusCode> {
    let tasks: Vec<_> = passwords
        .map(|password| {
            let body = SignInRequest { email: MEGAN.to_owned(), password: password.to_owned() };
            let request = app.bare_client().post(app.url("/api/session")).json(&body);
            tokio::spawn(async move { request.send().await.expect("the request is sent").status() })
        })
        .collect();
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.expect("the request task ends"));
    }
    statuses
}
