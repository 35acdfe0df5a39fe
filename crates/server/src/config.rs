//! Settings read from the environment at start-up.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

use anyhow::Context;

/// Which demo data to seed into an empty database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seed {
    /// Nothing: a production database.
    None,
    /// Two organizations, ~2,000 people, demo subscriptions (the default).
    Demo,
    /// As `Demo`, with 100,000 people in the first organization, for benchmarks.
    Large,
}

/// The server's settings.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address and port to listen on (`PORTAL_BIND`, `PORT`).
    pub listen: SocketAddr,
    /// `sqlite://path` (the default, `sqlite://data/portal.db`) or `postgres://…` (`DATABASE_URL`).
    pub database_url: String,
    /// Folder with the built app, served with history fallback (`PORTAL_DIST`).
    pub dist_dir: PathBuf,
    /// Other origins allowed to call the API with cookies, e.g. a CDN (`PORTAL_ALLOWED_ORIGINS`).
    pub allowed_origins: Vec<String>,
    /// Mark the session cookie `Secure` (`PORTAL_SECURE_COOKIES=1`; on behind HTTPS).
    pub secure_cookies: bool,
    /// Demo data for an empty database (`PORTAL_SEED=demo|large|none`).
    pub seed: Seed,
}

impl Config {
    /// Reads the settings, with defaults that run the portal locally.
    pub fn from_env() -> anyhow::Result<Self> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let bind: IpAddr = var("PORTAL_BIND")
            .unwrap_or_else(|| "127.0.0.1".into())
            .parse()
            .context("PORTAL_BIND must be an IP address, e.g. 127.0.0.1 or 0.0.0.0")?;
        let port: u16 =
            var("PORT").unwrap_or_else(|| "8080".into()).parse().context("PORT must be a number from 0 to 65535")?;
        let seed = match var("PORTAL_SEED").as_deref() {
            None | Some("demo") => Seed::Demo,
            Some("large") => Seed::Large,
            Some("none") => Seed::None,
            Some(other) => anyhow::bail!("PORTAL_SEED must be demo, large or none, not {other:?}"),
        };
        Ok(Self {
            listen: SocketAddr::new(bind, port),
            database_url: var("DATABASE_URL").unwrap_or_else(|| "sqlite://data/portal.db".into()),
            dist_dir: var("PORTAL_DIST").unwrap_or_else(|| "dist".into()).into(),
            allowed_origins: var("PORTAL_ALLOWED_ORIGINS")
                .map(|v| v.split(',').map(|o| o.trim().to_owned()).filter(|o| !o.is_empty()).collect())
                .unwrap_or_default(),
            secure_cookies: matches!(var("PORTAL_SECURE_COOKIES").as_deref(), Some("1" | "true")),
            seed,
        })
    }
}
