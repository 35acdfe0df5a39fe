//! The admin's purchase list with 5,000 subscriptions in the organization, over real HTTP: an
//! in-process server on a file-backed SQLite database (the demo seed plus 5,000 purchases),
//! one client, sequential requests. Prints p50/p95/p99 per query; asserts nothing.
//! Run: `cargo bench -p portal-server --profile server --bench admin_purchases`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use portal_server::clock::{Clock, SystemClock};
use portal_server::config::{Config, Seed};
use portal_server::seed::{DEMO_PASSWORD, bulk, seed_if_empty};
use portal_server::state::AppState;

const PURCHASES: usize = 5_000;
const ROUNDS: usize = 300;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let url = format!("sqlite://{}", dir.path().join("bench.db").display());
    let db = portal_server::db::connect(&url).await?;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    seed_if_empty(&db, Seed::Demo, clock.now().date(), clock.now_unix()).await?;
    let started = Instant::now();
    bulk::subscriptions(&db, PURCHASES, clock.now().date(), clock.now_unix()).await?;
    sqlx::query("ANALYZE").execute(&db).await?;
    println!("{PURCHASES} purchases inserted in {:.2} s", started.elapsed().as_secs_f64());

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    let config = Config { seed: Seed::Demo, ..Config::local(address, url, dir.path().join("no-dist")) };
    let app = portal_server::app(AppState::new(db, clock, config)?);
    tokio::spawn(portal_server::serve::serve(listener, app, Default::default(), Vec::new(), std::future::pending()));

    let base = format!("http://{address}/api");
    let client = reqwest::Client::builder().cookie_store(true).build()?;
    let sign_in = serde_json::json!({ "email": "adele.vance@contoso.example", "password": DEMO_PASSWORD });
    client.post(format!("{base}/session")).json(&sign_in).send().await?.error_for_status()?;

    println!("\n{:<64} {:>9} {:>9} {:>9} {:>6}", "admin purchase list, 5,000 subscriptions", "p50", "p95", "p99", "n");
    for query in [
        "",
        "sort=purchaser&order=desc",
        "sort=assigned_users&order=desc",
        "sort=price&order=asc&offset=3950&limit=50",
        "sort=expiry_date&limit=200",
        "search=power+an",
        "self_service=false&sort=licenses",
    ] {
        let path = format!("/admin/subscriptions?{query}");
        measure(&client, &base, &path, ROUNDS).await?;
    }
    measure(&client, &base, "/admin/subscriptions/export?language=de", 50).await?;
    Ok(())
}

async fn measure(client: &reqwest::Client, base: &str, path: &str, rounds: usize) -> anyhow::Result<()> {
    for _ in 0..20 {
        client.get(format!("{base}{path}")).send().await?.error_for_status()?;
    }
    let mut times = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let t = Instant::now();
        let response = client.get(format!("{base}{path}")).send().await?;
        anyhow::ensure!(response.status().is_success(), "{path}: {}", response.status());
        response.bytes().await?;
        times.push(t.elapsed());
    }
    report(&format!("GET /api{path}"), &mut times);
    Ok(())
}

fn report(name: &str, times: &mut [Duration]) {
    times.sort();
    let at = |q: f64| times[((times.len() as f64 - 1.0) * q).round() as usize].as_secs_f64() * 1000.0;
    println!("{name:<64} {:>7.2}ms {:>7.2}ms {:>7.2}ms {:>6}", at(0.50), at(0.95), at(0.99), times.len());
}
