//! A subscription's timeline, read from its audit events: what happened, who did it, when and
//! from where, newest first, a page at a time. Every action the portal writes about a
//! subscription maps to one `ActivityKind`; an event this reader does not know is left out,
//! never an error.

use portal_api::activity::{ActivityEvent, ActivityKind, ActivitySource};
use portal_api::subscriptions::CancelReason;
use serde_json::Value;
use sqlx::FromRow;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::Db;

/// The audit actions a timeline shows.
pub const ACTIONS: [&str; 13] = [
    "subscription.purchased",
    "subscription.trial_started",
    "subscription.licenses_changed",
    "licenses.assigned",
    "licenses.unassigned",
    "subscription.canceled",
    "subscription.reactivated",
    "subscription.renewed",
    "subscription.trial_bought",
    "subscription.trial_converted",
    "subscription.expired",
    "subscription.taken_over",
    "subscription.users_moved",
];

/// What the server's clock (`renewals.rs`) writes into `after_json` of its events, so the
/// timeline says the change came from a renewal, not from the purchaser it names as actor.
pub const RENEWAL_SOURCE: (&str, &str) = ("source", "renewal");

/// One audit event as the database keeps it, with its actor.
#[derive(Debug, Clone, FromRow)]
pub struct EventRow {
    pub id: String,
    pub actor_id: String,
    pub actor_name: String,
    pub actor_role: String,
    pub action: String,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
    pub created_at: i64,
}

/// One page of a subscription's timeline, newest first, and how many events it has in all.
pub async fn page(
    db: &Db,
    organization_id: &str,
    subscription_id: &str,
    purchaser_id: &str,
    offset: i64,
    limit: i64,
) -> sqlx::Result<(Vec<ActivityEvent>, i64)> {
    let known: Vec<String> = ACTIONS.iter().map(|a| format!("'{a}'")).collect();
    let filter = format!(
        "WHERE e.organization_id = $1 AND e.subject_type = 'subscription' AND e.subject_id = $2 AND e.action IN ({})",
        known.join(", ")
    );
    let total: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM audit_events e {filter}"))
        .bind(organization_id)
        .bind(subscription_id)
        .fetch_one(db)
        .await?;
    let rows: Vec<EventRow> = sqlx::query_as(&format!(
        "SELECT e.id, e.actor_id, u.display_name AS actor_name, u.role AS actor_role, e.action, e.before_json,
                e.after_json, e.created_at
         FROM audit_events e JOIN users u ON u.id = e.actor_id
         {filter} ORDER BY e.created_at DESC, e.id DESC LIMIT {} OFFSET {}",
        limit.max(0),
        offset.max(0)
    ))
    .bind(organization_id)
    .bind(subscription_id)
    .fetch_all(db)
    .await?;
    Ok((rows.iter().filter_map(|row| event_of(row, purchaser_id)).collect(), total))
}

/// The timeline's event for an audit event of a subscription bought by `purchaser_id`; `None`
/// for an action the timeline does not know (or JSON it cannot read).
pub fn event_of(row: &EventRow, purchaser_id: &str) -> Option<ActivityEvent> {
    let json = |text: &Option<String>| text.as_deref().and_then(|t| serde_json::from_str::<Value>(t).ok());
    let (before, after) = (json(&row.before_json).unwrap_or(Value::Null), json(&row.after_json).unwrap_or(Value::Null));
    let number = |value: &Value, key: &str| value.get(key).and_then(Value::as_i64);
    let people = || after.get("user_ids").and_then(Value::as_array).map(|ids| ids.len() as i64);
    let mut event = ActivityEvent {
        id: row.id.clone(),
        kind: ActivityKind::Purchased,
        at: OffsetDateTime::from_unix_timestamp(row.created_at).ok()?.format(&Rfc3339).ok()?,
        source: ActivitySource::Portal,
        actor_name: Some(row.actor_name.clone()),
        count: None,
        previous_total: None,
        reason: None,
        feedback: None,
    };
    let by_clock =
        matches!(row.action.as_str(), "subscription.renewed" | "subscription.trial_converted" | "subscription.expired")
            || after.get(RENEWAL_SOURCE.0).and_then(Value::as_str) == Some(RENEWAL_SOURCE.1);
    match row.action.as_str() {
        "subscription.purchased" => {
            event.count = number(&after, "total_licenses");
        }
        "subscription.trial_started" => {
            event.kind = ActivityKind::TrialStarted;
            event.count = number(&after, "total_licenses");
        }
        "subscription.licenses_changed" => {
            event.kind = ActivityKind::LicensesChanged;
            event.count = number(&after, "total_licenses");
            event.previous_total = number(&before, "total_licenses");
        }
        "licenses.assigned" | "licenses.unassigned" => {
            event.kind = if row.action == "licenses.assigned" {
                ActivityKind::LicensesAssigned
            } else {
                ActivityKind::LicensesUnassigned
            };
            event.count = people()
                .or_else(|| Some((number(&after, "assigned_licenses")? - number(&before, "assigned_licenses")?).abs()));
        }
        "subscription.canceled" => {
            event.kind = match after.get("mode").and_then(Value::as_str) {
                Some("end_of_term") => ActivityKind::RecurringBillingTurnedOff,
                _ => ActivityKind::Canceled,
            };
            if event.kind == ActivityKind::Canceled {
                event.count = number(&after, "licenses_released");
            }
            event.reason = after.get("reason").cloned().and_then(|r| serde_json::from_value::<CancelReason>(r).ok());
            event.feedback = after.get("feedback").and_then(Value::as_str).map(str::to_owned);
        }
        "subscription.reactivated" => event.kind = ActivityKind::Reactivated,
        "subscription.renewed" => event.kind = ActivityKind::Renewed,
        "subscription.trial_bought" => {
            event.kind = ActivityKind::TrialBought;
            event.count = number(&after, "total_licenses");
        }
        "subscription.trial_converted" => event.kind = ActivityKind::TrialConverted,
        "subscription.expired" => {
            let was_trial = before.get("status").and_then(Value::as_str) == Some("trial");
            event.kind = if was_trial { ActivityKind::TrialExpired } else { ActivityKind::Expired };
        }
        "subscription.taken_over" => event.kind = ActivityKind::TakenOver,
        "subscription.users_moved" => {
            event.kind = ActivityKind::UsersMoved;
            event.count = number(&after, "moved");
        }
        _ => return None,
    }
    if by_clock {
        event.source = ActivitySource::Renewal;
        event.actor_name = None;
    } else if row.actor_role == "admin" && row.actor_id != purchaser_id {
        event.source = ActivitySource::Admin;
    }
    Some(event)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(action: &str, before: Value, after: Value) -> EventRow {
        EventRow {
            id: "aud_1".into(),
            actor_id: "usr_megan".into(),
            actor_name: "Megan Bowen".into(),
            actor_role: "user".into(),
            action: action.into(),
            before_json: Some(before.to_string()),
            after_json: Some(after.to_string()),
            created_at: 1_773_565_200,
        }
    }

    fn kind(action: &str, before: Value, after: Value) -> Option<ActivityKind> {
        event_of(&row(action, before, after), "usr_megan").map(|e| e.kind)
    }

    #[test]
    fn every_action_the_portal_writes_has_a_kind() {
        let null = Value::Null;
        for action in ACTIONS {
            assert!(kind(action, null.clone(), serde_json::json!({})).is_some(), "{action}");
        }
        assert_eq!(kind("subscription.teleported", null.clone(), null.clone()), None);
        assert_eq!(kind("payment_method.removed", null.clone(), null), None);
    }

    #[test]
    fn a_cancellation_now_or_at_the_end_of_the_term_keeps_its_reason_and_feedback() {
        let now = serde_json::json!({ "mode": "now", "reason": "too_expensive", "feedback": "Pricey", "licenses_released": 4 });
        let event = event_of(&row("subscription.canceled", Value::Null, now), "usr_megan").expect("known");
        assert_eq!(
            (event.kind, event.reason, event.feedback.as_deref(), event.count),
            (ActivityKind::Canceled, Some(CancelReason::TooExpensive), Some("Pricey"), Some(4))
        );
        let later = serde_json::json!({ "mode": "end_of_term", "reason": "other", "feedback": null });
        let event = event_of(&row("subscription.canceled", Value::Null, later), "usr_megan").expect("known");
        assert_eq!(
            (event.kind, event.reason, event.count),
            (ActivityKind::RecurringBillingTurnedOff, Some(CancelReason::Other), None)
        );
    }

    #[test]
    fn counts_are_people_for_assignments_and_totals_for_license_changes() {
        let assigned = serde_json::json!({ "assigned_licenses": 5, "user_ids": ["a", "b"] });
        let event =
            event_of(&row("licenses.assigned", serde_json::json!({ "assigned_licenses": 3 }), assigned), "usr_megan");
        assert_eq!(event.map(|e| (e.kind, e.count)), Some((ActivityKind::LicensesAssigned, Some(2))));
        let changed = event_of(
            &row(
                "subscription.licenses_changed",
                serde_json::json!({ "total_licenses": 100 }),
                serde_json::json!({ "total_licenses": 105 }),
            ),
            "usr_megan",
        )
        .expect("known");
        assert_eq!((changed.count, changed.previous_total), (Some(105), Some(100)));
    }

    #[test]
    fn the_clock_has_no_actor_an_admin_is_the_admin_and_the_purchaser_the_portal() {
        let renewed =
            event_of(&row("subscription.renewed", Value::Null, serde_json::json!({})), "usr_megan").expect("known");
        assert_eq!((renewed.source, renewed.actor_name), (ActivitySource::Renewal, None));
        let trial = serde_json::json!({ "status": "trial" });
        assert_eq!(kind("subscription.expired", trial, serde_json::json!({})), Some(ActivityKind::TrialExpired));
        assert_eq!(
            kind("subscription.expired", serde_json::json!({ "status": "active" }), Value::Null),
            Some(ActivityKind::Expired)
        );
        let mut by_admin = row("subscription.taken_over", Value::Null, serde_json::json!({}));
        (by_admin.actor_id, by_admin.actor_name, by_admin.actor_role) =
            ("usr_adele".into(), "Adele Vance".into(), "admin".into());
        let event = event_of(&by_admin, "usr_megan").expect("known");
        assert_eq!(
            (event.kind, event.source, event.actor_name.as_deref()),
            (ActivityKind::TakenOver, ActivitySource::Admin, Some("Adele Vance"))
        );
        // an admin changing her own purchase is the portal
        assert_eq!(event_of(&by_admin, "usr_adele").map(|e| e.source), Some(ActivitySource::Portal));
        let purchased = event_of(
            &row("subscription.purchased", Value::Null, serde_json::json!({ "total_licenses": 10 })),
            "usr_megan",
        );
        assert_eq!(purchased.map(|e| (e.source, e.count)), Some((ActivitySource::Portal, Some(10))));
    }

    #[test]
    fn unreadable_json_is_no_detail_not_an_error() {
        let mut broken = row("subscription.purchased", Value::Null, Value::Null);
        broken.after_json = Some("{not json".into());
        assert_eq!(event_of(&broken, "usr_megan").map(|e| (e.kind, e.count)), Some((ActivityKind::Purchased, None)));
    }
}
