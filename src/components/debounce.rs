//! Waiting until typing pauses, and dropping answers that came too late: the one debouncer
//! (its timer is cleared when the component goes away, so nothing fires into a closed pane).
//!
//! ```ignore
//! let search = use_debounce(Duration::from_millis(250));
//! let on_input = move |typed: String| {
//!     search.call(move |ticket| {
//!         spawn_local(async move {
//!             let answer = api::licenses::directory(&typed, &product_id).await;
//!             if search.is_current(ticket) {
//!                 results.set(answer); // nobody typed since: this answer is the one to show
//!             }
//!         });
//!     });
//! };
//! ```

use std::time::Duration;

use leptos::prelude::*;

/// A number that goes up with each request, so an answer can tell whether it is still the
/// latest one asked for.
#[derive(Clone, Copy)]
pub struct Latest(StoredValue<u64>);

impl Latest {
    /// Starts at no request.
    pub fn new() -> Self {
        Self(StoredValue::new(0))
    }

    /// A ticket for a new request; every older ticket is now stale.
    pub fn next(&self) -> u64 {
        self.0
            .try_update_value(|n| {
                *n += 1;
                *n
            })
            .unwrap_or_default()
    }

    /// Whether `ticket` is the latest request (and its component is still there).
    pub fn is_current(&self, ticket: u64) -> bool {
        self.0.try_get_value() == Some(ticket)
    }
}

impl Default for Latest {
    fn default() -> Self {
        Self::new()
    }
}

/// Runs the last of quick successive calls once they pause for its delay.
#[derive(Clone, Copy)]
pub struct Debounce {
    delay: Duration,
    timer: StoredValue<Option<TimeoutHandle>>,
    latest: Latest,
}

impl Debounce {
    /// Runs `f` with a fresh ticket once `delay` has passed without another call; every call
    /// cancels the one waiting before it and makes its ticket stale.
    pub fn call(&self, f: impl FnOnce(u64) + 'static) {
        self.schedule(f, Some(self.delay));
    }

    /// Runs `f` with a fresh ticket now, cancelling the call waiting, if any.
    pub fn now(&self, f: impl FnOnce(u64) + 'static) {
        self.schedule(f, None);
    }

    /// Cancels the call waiting and makes every ticket stale (e.g. the field was emptied).
    pub fn cancel(&self) {
        self.clear_timer();
        self.latest.next();
    }

    /// Whether nothing was called since `ticket` was given out.
    pub fn is_current(&self, ticket: u64) -> bool {
        self.latest.is_current(ticket)
    }

    fn schedule(&self, f: impl FnOnce(u64) + 'static, delay: Option<Duration>) {
        self.clear_timer();
        let ticket = self.latest.next();
        match delay {
            None => f(ticket),
            Some(delay) => {
                let latest = self.latest;
                let handle = set_timeout_with_handle(
                    move || {
                        if latest.is_current(ticket) {
                            f(ticket);
                        }
                    },
                    delay,
                );
                self.timer.try_set_value(handle.ok());
            }
        }
    }

    fn clear_timer(&self) {
        if let Some(Some(handle)) = self.timer.try_get_value() {
            handle.clear();
        }
    }
}

/// A debouncer with `delay`, whose waiting call is cancelled when the calling component is
/// cleaned up.
pub fn use_debounce(delay: Duration) -> Debounce {
    let debounce = Debounce { delay, timer: StoredValue::new(None), latest: Latest::new() };
    on_cleanup(move || debounce.clear_timer());
    debounce
}
