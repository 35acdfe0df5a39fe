//! What every handler shares.

use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use crate::clock::Clock;
use crate::config::Config;
use crate::db::writer::Writer;
use crate::db::{Backend, Db};
use crate::payments::{PaymentGateway, TestGateway};

/// The application state handed to every handler.
#[derive(Clone)]
pub struct AppState {
    /// The database pool.
    pub db: Db,
    /// Write transactions that must not queue on SQLite's lock go through it.
    pub writer: Writer,
    /// "Now"; a manual clock in tests.
    pub clock: Arc<dyn Clock>,
    /// Settings.
    pub config: Arc<Config>,
    /// A real Argon2id hash checked when an email is unknown, so a wrong email costs the same
    /// time as a wrong password and sign-in does not reveal who has an account.
    pub decoy_password_hash: Arc<str>,
    /// Turns cards into tokens and charges them.
    pub payments: Arc<dyn PaymentGateway>,
    /// Passwords checked since start-up (what the sign-in throttle lets through), for tests
    /// and figures.
    pub sign_in_checks: Arc<AtomicU64>,
    /// Sign-ins slowed since start-up because their account was failing from many addresses,
    /// for tests and figures.
    pub sign_ins_slowed: Arc<AtomicU64>,
}

impl AppState {
    /// State over a migrated database, with the built-in test payment gateway.
    pub fn new(db: Db, clock: Arc<dyn Clock>, config: Config) -> anyhow::Result<Self> {
        let decoy = crate::password::hash_password("decoy password that matches nothing")?;
        Ok(Self {
            writer: Writer::start(&db, Backend::of(&config.database_url)),
            db,
            clock,
            config: Arc::new(config),
            decoy_password_hash: decoy.into(),
            payments: Arc::new(TestGateway::default()),
            sign_in_checks: Arc::default(),
            sign_ins_slowed: Arc::default(),
        })
    }

    /// The same state charging through another gateway (a real one in production).
    pub fn with_payments(self, payments: Arc<dyn PaymentGateway>) -> Self {
        Self { payments, ..self }
    }
}
