//! A subscription's timeline: what happened to it, who did it, when and from where, read from
//! the audit events. Its purchaser and the organization's admins see the same history.

use serde::{Deserialize, Serialize};

use crate::error::ApiError;
use crate::page::{Page, Paged};
use crate::subscriptions::CancelReason;

/// Events per page, unless the request says otherwise.
pub const DEFAULT_PAGE_SIZE: i64 = 20;
/// Most events one page may have.
pub const MAX_PAGE_SIZE: i64 = 100;

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    /// Bought (`count`: licenses).
    Purchased,
    /// A free trial started (`count`: licenses).
    TrialStarted,
    /// Licenses bought or removed (`previous_total` → `count`).
    LicensesChanged,
    /// Licenses assigned (`count`: people).
    LicensesAssigned,
    /// Licenses unassigned (`count`: people).
    LicensesUnassigned,
    /// Canceled now (`reason`, `feedback`; `count`: licenses released).
    Canceled,
    /// Recurring billing turned off: it ends with its term (`reason`, `feedback`).
    RecurringBillingTurnedOff,
    /// Reactivated, or recurring billing turned back on.
    Reactivated,
    /// Renewed for a new term by the server's clock.
    Renewed,
    /// A trial bought by its purchaser (`count`: licenses).
    TrialBought,
    /// A trial with a card that became paid when it ended, by the server's clock.
    TrialConverted,
    /// A trial that ended without being bought, by the server's clock.
    TrialExpired,
    /// A subscription that ended without renewal, by the server's clock.
    Expired,
    /// An admin took control of it: its purchaser can no longer change it.
    TakenOver,
    /// An admin moved its people to an organization subscription (`count`: people) and
    /// canceled it.
    UsersMoved,
}

/// Where a change came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ActivitySource {
    /// The purchaser, in the portal.
    Portal,
    /// An admin of the organization.
    Admin,
    /// The server's clock: renewals, conversions and expiries at the term's end.
    Renewal,
}

/// One event of the timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivityEvent {
    /// The audit event's id.
    pub id: String,
    /// What happened.
    pub kind: ActivityKind,
    /// When (RFC 3339, UTC); the app shows it in the person's language and time zone.
    pub at: String,
    /// Where it came from.
    pub source: ActivitySource,
    /// Who did it (absent for the server's clock).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_name: Option<String>,
    /// The number the event is about (see each kind): licenses, or people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<i64>,
    /// For a license change: the total before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_total: Option<i64>,
    /// For a cancellation: why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<CancelReason>,
    /// For a cancellation: the feedback given, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feedback: Option<String>,
}

/// `GET /api/subscriptions/{id}/activity`: a page of the timeline.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ActivityQuery {
    /// Events to skip, 0 or more (default 0).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(minimum = 0))]
    pub offset: Option<i64>,
    /// Events to return, 1 to 100 (default 20).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub limit: Option<i64>,
}

impl ActivityQuery {
    /// The checks the page and the server both make.
    pub fn validate(&self) -> Result<(), ApiError> {
        self.validate_page()
    }
}

impl Paged for ActivityQuery {
    fn page(&self) -> Page {
        Page { offset: self.offset, limit: self.limit, default_limit: DEFAULT_PAGE_SIZE, max_limit: MAX_PAGE_SIZE }
    }
}

/// One page of a subscription's timeline, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivityPage {
    /// This page's events, newest first.
    pub events: Vec<ActivityEvent>,
    /// How many events the subscription has in all.
    pub total: i64,
    /// Events skipped before this page.
    pub offset: i64,
    /// Events asked for.
    pub limit: i64,
}
