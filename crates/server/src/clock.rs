//! "Now", injected: the server asks the clock, so tests can move time instead of waiting.

use std::sync::Mutex;

use time::OffsetDateTime;

/// The source of the current time.
pub trait Clock: Send + Sync + 'static {
    /// The current moment, in UTC.
    fn now(&self) -> OffsetDateTime;

    /// The current moment as unix seconds, the form the database keeps.
    fn now_unix(&self) -> i64 {
        self.now().unix_timestamp()
    }

    /// Today (UTC): the day terms, invoices and credits are dated by.
    fn today(&self) -> time::Date {
        self.now().date()
    }
}

/// The real wall clock.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}

/// A clock that stands still until it is moved; for tests.
pub struct ManualClock(Mutex<OffsetDateTime>);

impl ManualClock {
    /// A clock showing `at`.
    pub fn new(at: OffsetDateTime) -> Self {
        Self(Mutex::new(at))
    }

    /// Moves the clock forward.
    pub fn advance(&self, by: time::Duration) {
        let mut now = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        *now += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> OffsetDateTime {
        *self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
