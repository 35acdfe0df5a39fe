//! What every handler shares.

use std::sync::Arc;

use crate::clock::Clock;
use crate::config::Config;
use crate::db::Db;

/// The application state handed to every handler.
#[derive(Clone)]
pub struct AppState {
    /// The database pool.
    pub db: Db,
    /// "Now"; a manual clock in tests.
    pub clock: Arc<dyn Clock>,
    /// Settings.
    pub config: Arc<Config>,
    /// A real Argon2id hash checked when an email is unknown, so a wrong email costs the same
    /// time as a wrong password and sign-in does not reveal who has an account.
    pub decoy_password_hash: Arc<str>,
}

impl AppState {
    /// State over a migrated database.
    pub fn new(db: Db, clock: Arc<dyn Clock>, config: Config) -> anyhow::Result<Self> {
        let decoy = crate::auth::hash_password("decoy password that matches nothing")?;
        Ok(Self { db, clock, config: Arc::new(config), decoy_password_hash: decoy.into() })
    }
}
