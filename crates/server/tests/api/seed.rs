//! The demo data, and what the database keeps of a password.

use portal_server::clock::Clock;
use portal_server::config::Seed;
use portal_server::seed::{DEMO_PASSWORD, DEMO_PEOPLE, seed_if_empty};

use crate::helpers::{count, rows_in, spawn_app};

#[tokio::test]
async fn the_demo_organization_has_at_least_two_thousand_people() {
    let app = spawn_app().await;
    let people = count(&app, "SELECT COUNT(*) FROM users WHERE organization_id = 'org_contoso'").await;
    assert!(people >= 2_000, "{people} people");
    assert_eq!(people, DEMO_PEOPLE as i64);
}

#[tokio::test]
async fn the_demo_directory_includes_names_beyond_ascii() {
    let app = spawn_app().await;
    let names: Vec<(String,)> = sqlx::query_as(
        "SELECT display_name FROM users WHERE organization_id = 'org_contoso'
           AND display_name IN ('Søren Ørsted', 'Jürgen Groß', 'Åsa Öberg', 'Maarten de Vries')
         ORDER BY display_name",
    )
    .fetch_all(&app.db)
    .await
    .expect("the names are read");
    let names: Vec<&str> = names.iter().map(|(n,)| n.as_str()).collect();
    assert_eq!(names, ["Jürgen Groß", "Maarten de Vries", "Søren Ørsted", "Åsa Öberg"]);
}

#[tokio::test]
async fn every_demo_email_is_unique_and_ascii() {
    let app = spawn_app().await;
    let distinct = count(&app, "SELECT COUNT(DISTINCT email) FROM users").await;
    assert_eq!(distinct, count(&app, "SELECT COUNT(*) FROM users").await);
    let (email,): (String,) = sqlx::query_as("SELECT email FROM users WHERE id = 'usr_soren'")
        .fetch_one(&app.db)
        .await
        .expect("Søren is seeded");
    assert_eq!(email, "soren.orsted@contoso.example");
}

#[tokio::test]
async fn seeding_twice_does_not_duplicate_anything() {
    let app = spawn_app().await;
    let tables = ["organizations", "users", "products", "subscriptions", "license_assignments", "invoices"];
    let mut before = Vec::new();
    for table in tables {
        before.push(rows_in(&app, table).await);
    }
    let again = seed_if_empty(&app.db, Seed::Demo, app.clock.now().date(), app.clock.now_unix())
        .await
        .expect("a second seed runs");
    assert!(!again, "a seeded database is not seeded again");
    let mut after = Vec::new();
    for table in tables {
        after.push(rows_in(&app, table).await);
    }
    assert_eq!(after, before);
}

#[tokio::test]
async fn the_server_stores_an_argon2id_hash_never_the_password() {
    let app = spawn_app().await;
    let (hash,): (String,) = sqlx::query_as("SELECT password_hash FROM users WHERE email = $1")
        .bind(crate::helpers::MEGAN)
        .fetch_one(&app.db)
        .await
        .expect("Megan has a password hash");
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    assert!(!hash.contains(DEMO_PASSWORD));
}

#[tokio::test]
async fn the_server_stores_only_a_hash_of_the_session_token() {
    let app = spawn_app().await;
    let response = app.sign_in(&app.client(), crate::helpers::MEGAN, DEMO_PASSWORD).await;
    let pair = crate::helpers::session_cookie_pair(&response);
    let token = pair.trim_start_matches("portal_session=");
    let stored: Vec<(String,)> =
        sqlx::query_as("SELECT token_hash FROM sessions").fetch_all(&app.db).await.expect("sessions are read");
    assert_eq!(stored.len(), 1);
    assert_ne!(stored[0].0, token);
    assert_eq!(stored[0].0, portal_server::auth::hash_token(token));
}
