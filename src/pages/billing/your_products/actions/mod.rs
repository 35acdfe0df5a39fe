//! What a person can do to a subscription they bought, each in its own pane: Buy licenses and
//! Remove licenses (enter the new total), Cancel subscription (a reason, optional feedback,
//! now or at the end of the term), Reactivate, and Buy subscription for a trial. Every pane
//! shows what the change costs or credits before Save, saves with `use_submit` (one
//! Idempotency-Key per pane, reused when Save is retried), and keeps what the person typed
//! when something goes wrong.

mod action;
mod buy_trial;
mod cancel_pane;
mod licenses_pane;
mod menu;
mod reactivate_pane;

pub use action::{Action, ActionPane};
pub use cancel_pane::reason_text;
pub use menu::{ActionButtons, SubscriptionMenu};
