//! The audit trail: who changed what, when, with the state before and after.

use sqlx::{Any, Transaction};

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
