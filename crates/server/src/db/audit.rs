//! The audit trail: who changed what, when, with the state before and after.

use sqlx::{Any, Transaction};

use super::subscriptions::Locked;

/// One audit event, written in the same transaction as the change it describes.
pub struct AuditEvent<'a> {
    /// The organization the change belongs to.
    pub organization_id: &'a str,
    /// Who made it.
    pub actor_id: &'a str,
    /// What was done, e.g. `subscription.purchased`, `licenses.assigned`.
    pub action: &'a str,
    /// What it was done to, e.g. `subscription`.
    pub subject_type: &'a str,
    /// Its id.
    pub subject_id: &'a str,
    /// The state before, as JSON (None when it did not exist).
    pub before: Option<serde_json::Value>,
    /// The state after, as JSON.
    pub after: Option<serde_json::Value>,
}

impl<'a> AuditEvent<'a> {
    /// `actor_id` (of `organization_id`) did `action` to the `subject_type` `subject_id`; no
    /// state before or after until [`before`](Self::before) and [`after`](Self::after) give one.
    pub fn new(
        organization_id: &'a str,
        actor_id: &'a str,
        action: &'a str,
        subject_type: &'a str,
        subject_id: &'a str,
    ) -> Self {
        Self { organization_id, actor_id, action, subject_type, subject_id, before: None, after: None }
    }

    /// The state before the change.
    pub fn before(self, state: serde_json::Value) -> Self {
        Self { before: Some(state), ..self }
    }

    /// The state after the change.
    pub fn after(self, state: serde_json::Value) -> Self {
        Self { after: Some(state), ..self }
    }
}

/// Writes `event` at `now` (unix seconds).
pub async fn record(tx: &mut Transaction<'_, Any>, event: AuditEvent<'_>, now: i64) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO audit_events (id, organization_id, actor_id, action, subject_type, subject_id, before_json, after_json, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(super::new_id("aud"))
    .bind(event.organization_id)
    .bind(event.actor_id)
    .bind(event.action)
    .bind(event.subject_type)
    .bind(event.subject_id)
    .bind(event.before.map(|v| v.to_string()))
    .bind(event.after.map(|v| v.to_string()))
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// What a subscription event is about: a subscription as a change found it under its lock, or
/// one the change has just created (which has no "before").
#[derive(Debug, Clone, Copy)]
pub enum Subscription<'a> {
    /// Changed: its snapshot before the change is kept.
    Changed(&'a Locked),
    /// Just created by a purchase or a trial.
    Created { organization_id: &'a str, id: &'a str },
}

/// The state of a subscription every subscription event keeps as "before".
fn snapshot(s: &Locked) -> serde_json::Value {
    serde_json::json!({
        "status": s.status, "total_licenses": s.total_licenses,
        "recurring_billing": s.recurring_billing, "term_end_date": s.term_end_date.to_string(),
    })
}

/// Writes the audit event of a change to a subscription (`subscription.purchased`,
/// `subscription.renewed`, …): the one way every subscription event is written, with the same
/// "before" snapshot. `after` says what the change did.
pub async fn subscription_event(
    tx: &mut Transaction<'_, Any>,
    subscription: Subscription<'_>,
    actor_id: &str,
    action: &str,
    after: serde_json::Value,
    now: i64,
) -> sqlx::Result<()> {
    let (organization_id, subject_id, before) = match subscription {
        Subscription::Changed(s) => (s.organization_id.as_str(), s.id.as_str(), Some(snapshot(s))),
        Subscription::Created { organization_id, id } => (organization_id, id, None),
    };
    let event = AuditEvent { before, ..AuditEvent::new(organization_id, actor_id, action, "subscription", subject_id) };
    record(tx, event.after(after), now).await
}
