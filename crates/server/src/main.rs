//! Starts the portal: the API and the built app on one port.
//!
//! `portal-server` serves; `portal-server cdn-headers <dist> [api-origin]` writes the `_headers`
//! file a static host or CDN needs to serve the app with the same rules; `portal-server backup
//! PATH` copies the SQLite database (while it serves) and `portal-server restore PATH` puts a
//! copy back (with every server stopped).

use std::sync::Arc;

use anyhow::Context;
use portal_server::clock::{Clock, SystemClock};
use portal_server::config::Config;
use portal_server::state::AppState;
use portal_server::{app, db, seed, static_files};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("cdn-headers") {
        let dist = std::path::PathBuf::from(args.get(1).map_or("dist", String::as_str));
        let api_origin = args.get(2).map_or("'self'", String::as_str);
        let file = dist.join("_headers");
        std::fs::write(&file, static_files::cdn_headers_file(&dist, api_origin))
            .with_context(|| format!("cannot write {}", file.display()))?;
        println!("wrote {}", file.display());
        return Ok(());
    }

    match args.first().map(String::as_str) {
        Some("backup") => {
            let path = std::path::PathBuf::from(args.get(1).context("usage: portal-server backup PATH")?);
            let config = Config::from_env()?;
            db::backup::sqlite_file(&config.database_url)?;
            let pool = db::connect(&config.database_url).await?;
            db::backup::backup(&pool, &path).await?;
            println!("backed up {} to {}", db::backup::sqlite_file(&config.database_url)?.display(), path.display());
            return Ok(());
        }
        Some("restore") => {
            let path = std::path::PathBuf::from(args.get(1).context("usage: portal-server restore PATH")?);
            let config = Config::from_env()?;
            let restored = db::backup::restore(&config.database_url, &path).await?;
            println!("restored {} from {}", restored.display(), path.display());
            return Ok(());
        }
        _ => {}
    }

    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")))
        .init();
    let config = Config::from_env()?;
    let pool = db::connect(&config.database_url).await?;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    if seed::seed_if_empty(&pool, config.seed, clock.now().date(), clock.now_unix()).await? {
        tracing::info!("seeded demo data ({:?})", config.seed);
    }
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("cannot listen on {} (is the port in use? set PORT)", config.listen))?;
    let address = listener.local_addr()?;
    let seeded = config.seed != portal_server::config::Seed::None;
    let (limits, trusted_proxies) = (config.limits, config.trusted_proxies.clone());
    let ledger = config.test_gateway_ledger.clone();
    let mut state = AppState::new(pool, clock, config)?;
    if let Some(path) = ledger {
        let gateway = portal_server::payments::TestGateway::with_ledger(path.clone())
            .with_context(|| format!("cannot read the test gateway's ledger {}", path.display()))?;
        state = state.with_payments(Arc::new(gateway));
    }
    tokio::spawn(settle_every_few_minutes(state.clone()));
    tokio::spawn(purge_every_few_minutes(state.clone()));

    println!("\nThe billing portal is running at http://{address}/");
    if seeded {
        println!("Demo sign-ins (password {}):", seed::DEMO_PASSWORD);
        for (email, who) in seed::DEMO_SIGN_INS {
            println!("  {email:<32} {who}");
        }
    }
    println!("Press Ctrl+C to stop.\n");

    portal_server::serve::serve(listener, app(state), limits, trusted_proxies, shutdown()).await;
    Ok(())
}

/// Renews, converts and expires subscriptions whose term has ended, even if nobody visits.
async fn settle_every_few_minutes(state: AppState) {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(300));
    loop {
        every.tick().await;
        if let Err(error) = portal_server::renewals::settle(&state, None).await {
            tracing::warn!(?error, "settling ended terms failed; trying again in five minutes");
        }
    }
}

/// Removes ended sessions and failed-sign-in counts whose window has passed.
async fn purge_every_few_minutes(state: AppState) {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(600));
    loop {
        every.tick().await;
        match portal_server::purge(&state).await {
            Ok(purged) => tracing::debug!(?purged, "purged ended sessions and old failed sign-ins"),
            Err(error) => tracing::warn!(?error, "purging ended sessions failed; trying again in ten minutes"),
        }
    }
}

async fn shutdown() {
    let _ = tokio::signal::ctrl_c().await;
}
