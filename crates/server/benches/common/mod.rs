//! What the benches share: a seeded SQLite database in a temporary folder, the portal served on
//! it in process over real HTTP, a signed-in client, and the percentiles they print.

use std::sync::Arc;
use std::time::{Duration, Instant};

use portal_server::clock::{Clock, SystemClock};
use portal_server::config::{Config, Seed};
use portal_server::db::Db;
use portal_server::seed::{DEMO_PASSWORD, seed_if_empty};
use portal_server::state::AppState;
use tempfile::TempDir;

/// A file-backed database on the system clock; its folder goes when this is dropped.
pub struct BenchDb {
    /// The folder holding the database file.
    pub dir: TempDir,
    /// The database's URL.
    pub url: String,
    /// A pool on it.
    pub db: Db,
    /// The system clock, which the server runs on too.
    pub clock: Arc<dyn Clock>,
    /// The demo data seeded into it.
    pub seed: Seed,
}

/// A new SQLite database, migrated, with `seed` in it.
pub async fn seeded(seed: Seed) -> anyhow::Result<BenchDb> {
    let dir = tempfile::tempdir()?;
    let url = format!("sqlite://{}", dir.path().join("bench.db").display());
    seeded_at(dir, url, seed).await
}

/// The database at `url` (SQLite in `dir`, or a new PostgreSQL database), migrated, with `seed`
/// in it; `dir` is the server's folder either way.
pub async fn seeded_at(dir: TempDir, url: String, seed: Seed) -> anyhow::Result<BenchDb> {
    let db = portal_server::db::connect(&url).await?;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    seed_if_empty(&db, seed, clock.now().date(), clock.now_unix()).await?;
    Ok(BenchDb { dir, url, db, clock, seed })
}

impl BenchDb {
    /// The API served on a free port of 127.0.0.1, on this database; its base URL, `http://…/api`.
    pub async fn serve(&self) -> anyhow::Result<String> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let address = listener.local_addr()?;
        let config =
            Config { seed: self.seed, ..Config::local(address, self.url.clone(), self.dir.path().join("no-dist")) };
        let app = portal_server::app(AppState::new(self.db.clone(), self.clock.clone(), config)?);
        tokio::spawn(portal_server::serve::serve(
            listener,
            app,
            Default::default(),
            Vec::new(),
            std::future::pending(),
        ));
        Ok(format!("http://{address}/api"))
    }
}

/// A client that keeps its cookies, signed in as `email` with the demo password.
pub async fn signed_in(base: &str, email: &str) -> anyhow::Result<reqwest::Client> {
    let client = reqwest::Client::builder().cookie_store(true).build()?;
    let sign_in = serde_json::json!({ "email": email, "password": DEMO_PASSWORD });
    client.post(format!("{base}/session")).json(&sign_in).send().await?.error_for_status()?;
    Ok(client)
}

/// The p50, p95 and p99 of `times` in milliseconds (it sorts them).
pub fn percentiles(times: &mut [Duration]) -> [f64; 3] {
    times.sort();
    let at = |q: f64| times[((times.len() as f64 - 1.0) * q).round() as usize].as_secs_f64() * 1000.0;
    [at(0.50), at(0.95), at(0.99)]
}

/// `GET {base}{path}` `warmup` times untimed, then `rounds` times one after another: each
/// request's time (to the whole body read) and the last body's size in bytes.
pub async fn time_get(
    client: &reqwest::Client,
    base: &str,
    path: &str,
    warmup: usize,
    rounds: usize,
) -> anyhow::Result<(Vec<Duration>, usize)> {
    for _ in 0..warmup {
        client.get(format!("{base}{path}")).send().await?.error_for_status()?;
    }
    let (mut times, mut bytes) = (Vec::with_capacity(rounds), 0);
    for _ in 0..rounds {
        let t = Instant::now();
        let response = client.get(format!("{base}{path}")).send().await?;
        anyhow::ensure!(response.status().is_success(), "{path}: {}", response.status());
        bytes = response.bytes().await?.len();
        times.push(t.elapsed());
    }
    Ok((times, bytes))
}
