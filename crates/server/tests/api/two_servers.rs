//! Two server processes on one database, as behind a load balancer: the real binary twice, on
//! one SQLite file (or one PostgreSQL database with `PORTAL_TEST_POSTGRES_URL`), raced. Whatever
//! arrives at which server: the last free license goes to exactly one person, one
//! Idempotency-Key buys once, and the renewal sweep both run at start charges each term once.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use reqwest::{Client, StatusCode};
use serde_json::json;

use crate::helpers::{MEGAN, MEGANS_POWER_BI, POWER_BI_PRO, fresh_database_url, key, session_cookie_pair};

/// One `portal-server` process; killed when dropped.
struct Server {
    child: Child,
    address: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port()
}

async fn start(database_url: &str) -> Server {
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_portal-server"))
        .env("DATABASE_URL", database_url)
        .env("PORT", port.to_string())
        .env("PORTAL_BIND", "127.0.0.1")
        .env("PORTAL_SEED", "none")
        .env("PORTAL_DIST", "/nonexistent")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the server binary starts");
    Server { child, address: format!("http://127.0.0.1:{port}") }
}

async fn wait_until_up(server: &Server) {
    let client = Client::new();
    for _ in 0..300 {
        if let Ok(response) = client.get(format!("{}/api/health", server.address)).send().await
            && response.status() == StatusCode::OK
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{} did not come up", server.address);
}

/// Megan's session, signed in through the first server; the other server knows it too (the
/// sessions are in the database).
async fn megan_cookie(server: &Server) -> String {
    let response = Client::new()
        .post(format!("{}/api/session", server.address))
        .json(&json!({ "email": MEGAN, "password": portal_server::seed::DEMO_PASSWORD }))
        .send()
        .await
        .expect("signed in");
    assert_eq!(response.status(), StatusCode::OK);
    session_cookie_pair(&response)
}

/// Sends every request at once; their statuses, in order.
async fn at_once<F>(requests: impl Iterator<Item = F>) -> Vec<StatusCode>
where
    F: std::future::Future<Output = reqwest::Result<reqwest::Response>> + Send + 'static,
{
    let handles: Vec<_> = requests.map(tokio::spawn).collect();
    let mut statuses = Vec::with_capacity(handles.len());
    for handle in handles {
        statuses.push(handle.await.expect("the request task finishes").expect("answered").status());
    }
    statuses
}

#[tokio::test]
async fn two_servers_on_one_database_sell_the_last_seat_once_buy_once_per_key_and_renew_once() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let database_url = fresh_database_url(&dir).await;
    let db = portal_server::db::connect(&database_url).await.expect("the database opens and migrates");
    let now = time::OffsetDateTime::now_utc();
    portal_server::seed::seed_if_empty(&db, portal_server::config::Seed::Demo, now.date(), now.unix_timestamp())
        .await
        .expect("demo data");
    // Megan's Power BI term ended yesterday: both servers settle it as they start.
    let yesterday = (now.date() - time::Duration::days(1)).to_string();
    sqlx::query("UPDATE subscriptions SET term_end_date = $1 WHERE id = $2")
        .bind(&yesterday)
        .bind(MEGANS_POWER_BI)
        .execute(&db)
        .await
        .expect("moved");

    let servers = [start(&database_url).await, start(&database_url).await];
    for server in &servers {
        wait_until_up(server).await;
    }
    let cookie = megan_cookie(&servers[0]).await;
    let client = Client::new();
    let on = |i: usize, path: &str| format!("{}{path}", servers[i % 2].address);

    // The renewal sweep ran in both as they started, and runs again before any answer about
    // subscriptions: read them through both at once, then count.
    let reads = (0..6).map(|i| client.get(on(i, "/api/subscriptions")).header("Cookie", &cookie).send());
    assert!(at_once(reads).await.iter().all(|s| *s == StatusCode::OK));
    // One renewal, one invoice for the term that started yesterday.
    let renewals: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_events WHERE subject_id = $1 AND action = 'subscription.renewed'",
    )
    .bind(MEGANS_POWER_BI)
    .fetch_one(&db)
    .await
    .expect("counted");
    let invoiced: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
         WHERE l.subscription_id = $1 AND i.issued_on = $2",
    )
    .bind(MEGANS_POWER_BI)
    .bind(&yesterday)
    .fetch_one(&db)
    .await
    .expect("counted");
    assert_eq!((renewals, invoiced), (1, 1), "the term is renewed and charged once");

    // The last seat: one free license, twenty people assigned at once through both servers.
    sqlx::query(
        "UPDATE subscriptions SET total_licenses =
           (SELECT COUNT(*) FROM license_assignments a WHERE a.subscription_id = subscriptions.id) + 1
         WHERE id = $1",
    )
    .bind(MEGANS_POWER_BI)
    .execute(&db)
    .await
    .expect("one free license");
    let people: Vec<String> = sqlx::query_scalar(
        "SELECT u.id FROM users u WHERE u.organization_id = 'org_contoso' AND u.id NOT IN
           (SELECT a.user_id FROM license_assignments a JOIN subscriptions s ON s.id = a.subscription_id
            WHERE s.product_id = $1)
         ORDER BY u.id LIMIT 20",
    )
    .bind(POWER_BI_PRO)
    .fetch_all(&db)
    .await
    .expect("people without the product");
    assert_eq!(people.len(), 20);
    let assigns = people.iter().enumerate().map(|(i, id)| {
        client
            .post(on(i, &format!("/api/licenses/{POWER_BI_PRO}/assignments")))
            .header("Cookie", &cookie)
            .json(&json!({ "user_ids": [id] }))
            .send()
    });
    let answers: Vec<StatusCode> = at_once(assigns).await;
    let won = answers.iter().filter(|s| s.is_success()).count();
    assert_eq!(won, 1, "exactly one person gets the last license: {answers:?}");
    assert!(answers.iter().all(|s| s.is_success() || *s == StatusCode::CONFLICT), "{answers:?}");
    let (assigned, total): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM license_assignments WHERE subscription_id = s.id), s.total_licenses
         FROM subscriptions s WHERE s.id = $1",
    )
    .bind(MEGANS_POWER_BI)
    .fetch_one(&db)
    .await
    .expect("counted");
    assert_eq!(assigned, total, "no seat counted twice");

    // One Idempotency-Key sent to both servers at once, ten times: one purchase.
    let subscriptions_before: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM subscriptions").fetch_one(&db).await.expect("counted");
    let invoices_before: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM invoices").fetch_one(&db).await.expect("counted");
    let purchase_key = key();
    let body = json!({ "product_id": POWER_BI_PRO, "licenses": 2,
                       "payment": { "saved_card": { "payment_method_id": "pm_megan_visa" } } });
    let buys = (0..10).map(|i| {
        client
            .post(on(i, "/api/purchases"))
            .header("Cookie", &cookie)
            .header("Idempotency-Key", &purchase_key)
            .json(&body)
            .send()
    });
    let answers: Vec<StatusCode> = at_once(buys).await;
    assert!(
        answers.iter().all(|s| *s == StatusCode::CREATED || *s == StatusCode::CONFLICT),
        "the first is created, the rest replay it or wait for it: {answers:?}"
    );
    assert!(answers.contains(&StatusCode::CREATED), "{answers:?}");
    let subscriptions_after: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM subscriptions").fetch_one(&db).await.expect("counted");
    let invoices_after: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM invoices").fetch_one(&db).await.expect("counted");
    assert_eq!(
        (subscriptions_after - subscriptions_before, invoices_after - invoices_before),
        (1, 1),
        "one subscription and one invoice for one key, whichever server answered"
    );
}
