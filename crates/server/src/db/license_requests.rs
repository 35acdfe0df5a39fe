//! License requests: a person asks the organization's admins for licenses of a product for
//! themselves and colleagues; an admin approves some, all or none of the people. Kept 12
//! months after they were sent, then purged.

use std::collections::HashMap;

use portal_api::license_requests::{LicenseRequest, RequestStatus, RequestedPerson, RequestedPersonStatus};
use sqlx::{Any, FromRow, Transaction};

use super::{placeholders, rfc3339};

/// How long a request is kept after it was sent: 12 months (365 days).
pub const KEPT_SECS: i64 = 365 * 86_400;
/// Most requests one list answers with (newest first).
pub const MAX_LISTED: i64 = 500;

/// A request about to be sent.
pub struct NewRequest<'a> {
    pub organization_id: &'a str,
    pub product_id: &'a str,
    pub requester_id: &'a str,
    /// People of the organization, each once, in the order asked.
    pub user_ids: &'a [String],
    pub message: Option<&'a str>,
}

/// Writes a new pending request. Returns its id.
pub async fn insert(tx: &mut Transaction<'_, Any>, new: NewRequest<'_>, now: i64) -> sqlx::Result<String> {
    let id = super::new_id("lrq");
    sqlx::query(
        "INSERT INTO license_requests (id, organization_id, product_id, requester_id, message, status, created_at)
         VALUES ($1, $2, $3, $4, $5, 'pending', $6)",
    )
    .bind(&id)
    .bind(new.organization_id)
    .bind(new.product_id)
    .bind(new.requester_id)
    .bind(new.message)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    for (position, user_id) in new.user_ids.iter().enumerate() {
        sqlx::query(
            "INSERT INTO license_request_people (request_id, user_id, position, status) VALUES ($1, $2, $3, 'pending')",
        )
        .bind(&id)
        .bind(user_id)
        .bind(position as i64)
        .execute(&mut **tx)
        .await?;
    }
    Ok(id)
}

#[derive(FromRow)]
struct RequestRow {
    id: String,
    product_id: String,
    product_name: String,
    requester_id: String,
    requester_name: String,
    message: Option<String>,
    status: String,
    created_at: i64,
    answered_at: Option<i64>,
    answered_by_name: Option<String>,
    answer_message: Option<String>,
}

#[derive(FromRow)]
struct PersonRow {
    request_id: String,
    user_id: String,
    display_name: String,
    email: String,
    status: String,
}

const SELECT: &str = "SELECT r.id, r.product_id, p.name AS product_name, r.requester_id,
        u.display_name AS requester_name, r.message, r.status, r.created_at, r.answered_at,
        a.display_name AS answered_by_name, r.answer_message
    FROM license_requests r
    JOIN products p ON p.id = r.product_id
    JOIN users u ON u.id = r.requester_id
    LEFT JOIN users a ON a.id = r.answered_by";

fn request_status(text: &str) -> sqlx::Result<RequestStatus> {
    [RequestStatus::Pending, RequestStatus::Approved, RequestStatus::PartlyApproved, RequestStatus::Declined]
        .into_iter()
        .find(|s| s.as_str() == text)
        .ok_or_else(|| sqlx::Error::Decode(format!("unknown request status {text:?}").into()))
}

fn person_status(text: &str) -> sqlx::Result<RequestedPersonStatus> {
    match text {
        "pending" => Ok(RequestedPersonStatus::Pending),
        "approved" => Ok(RequestedPersonStatus::Approved),
        "declined" => Ok(RequestedPersonStatus::Declined),
        _ => Err(sqlx::Error::Decode(format!("unknown requested person status {text:?}").into())),
    }
}

/// Which requests a list holds.
#[derive(Debug, Clone, Copy)]
pub enum Whose<'a> {
    /// The organization's (admins).
    Organization { pending_only: bool },
    /// One person's own.
    RequestedBy(&'a str),
}

/// Requests of the organization, newest first (up to `MAX_LISTED`).
pub async fn list<'c>(
    connection: &mut sqlx::AnyConnection,
    organization_id: &str,
    whose: Whose<'c>,
) -> sqlx::Result<Vec<LicenseRequest>> {
    let (filter, requester) = match whose {
        Whose::Organization { pending_only: true } => (" AND r.status = 'pending'", ""),
        Whose::Organization { pending_only: false } => ("", ""),
        Whose::RequestedBy(id) => (" AND r.requester_id = $2", id),
    };
    let sql = format!(
        "{SELECT} WHERE r.organization_id = $1{filter} ORDER BY r.created_at DESC, r.id DESC LIMIT {MAX_LISTED}"
    );
    let mut query = sqlx::query_as::<_, RequestRow>(&sql).bind(organization_id);
    if !requester.is_empty() {
        query = query.bind(requester);
    }
    let rows = query.fetch_all(&mut *connection).await?;
    with_people(connection, rows).await
}

/// One request of the organization.
pub async fn find(
    connection: &mut sqlx::AnyConnection,
    organization_id: &str,
    id: &str,
) -> sqlx::Result<Option<LicenseRequest>> {
    let row: Option<RequestRow> = sqlx::query_as(&format!("{SELECT} WHERE r.organization_id = $1 AND r.id = $2"))
        .bind(organization_id)
        .bind(id)
        .fetch_optional(&mut *connection)
        .await?;
    let Some(row) = row else { return Ok(None) };
    Ok(with_people(connection, vec![row]).await?.pop())
}

async fn with_people(connection: &mut sqlx::AnyConnection, rows: Vec<RequestRow>) -> sqlx::Result<Vec<LicenseRequest>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT rp.request_id, rp.user_id, u.display_name, u.email, rp.status
         FROM license_request_people rp JOIN users u ON u.id = rp.user_id
         WHERE rp.request_id IN ({}) ORDER BY rp.request_id, rp.position",
        placeholders(1, rows.len())
    );
    let mut query = sqlx::query_as::<_, PersonRow>(&sql);
    for row in &rows {
        query = query.bind(&row.id);
    }
    // Each request's people, in order, found by the request's id (one pass over the rows).
    let mut people_of: HashMap<String, Vec<RequestedPerson>> = HashMap::new();
    for p in query.fetch_all(&mut *connection).await? {
        let person = RequestedPerson {
            status: person_status(&p.status)?,
            user_id: p.user_id,
            display_name: p.display_name,
            email: p.email,
        };
        people_of.entry(p.request_id).or_default().push(person);
    }
    rows.into_iter()
        .map(|r| {
            let people = people_of.remove(&r.id).unwrap_or_default();
            Ok(LicenseRequest {
                status: request_status(&r.status)?,
                id: r.id,
                product_id: r.product_id,
                product_name: r.product_name,
                requester_id: r.requester_id,
                requester_name: r.requester_name,
                people,
                message: r.message,
                created_at: rfc3339(r.created_at),
                answered_at: r.answered_at.map(rfc3339),
                answered_by_name: r.answered_by_name,
                answer_message: r.answer_message,
            })
        })
        .collect()
}

/// A request as an answer finds it under its lock.
#[derive(Debug)]
pub struct Locked {
    pub product_id: String,
    pub requester_id: String,
    pub status: RequestStatus,
    /// The people it names, in order.
    pub user_ids: Vec<String>,
}

/// Takes the request's lock (the transaction's first statement, like
/// `subscriptions::lock`: answers to one request take turns), then reads it.
pub async fn lock(tx: &mut Transaction<'_, Any>, organization_id: &str, id: &str) -> sqlx::Result<Option<Locked>> {
    if !super::lock_row(tx, "license_requests", "status", organization_id, id).await? {
        return Ok(None);
    }
    let (product_id, requester_id, status): (String, String, String) =
        sqlx::query_as("SELECT product_id, requester_id, status FROM license_requests WHERE id = $1")
            .bind(id)
            .fetch_one(&mut **tx)
            .await?;
    let people: Vec<(String,)> =
        sqlx::query_as("SELECT user_id FROM license_request_people WHERE request_id = $1 ORDER BY position")
            .bind(id)
            .fetch_all(&mut **tx)
            .await?;
    Ok(Some(Locked {
        product_id,
        requester_id,
        status: request_status(&status)?,
        user_ids: people.into_iter().map(|(id,)| id).collect(),
    }))
}

/// The status of a request whose people `approved` of `named` were approved.
pub fn status_after(approved: usize, named: usize) -> RequestStatus {
    match approved {
        0 => RequestStatus::Declined,
        n if n >= named => RequestStatus::Approved,
        _ => RequestStatus::PartlyApproved,
    }
}

/// Writes the answer: each person approved (in `approved`) or declined, the request's status,
/// who answered, when, and their message.
pub async fn answer(
    tx: &mut Transaction<'_, Any>,
    id: &str,
    approved: &[String],
    status: RequestStatus,
    answered_by: &str,
    message: Option<&str>,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE license_request_people SET status = 'declined' WHERE request_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    if !approved.is_empty() {
        let sql = format!(
            "UPDATE license_request_people SET status = 'approved' WHERE request_id = $1 AND user_id IN ({})",
            placeholders(2, approved.len())
        );
        let mut query = sqlx::query(&sql).bind(id);
        for user_id in approved {
            query = query.bind(user_id);
        }
        query.execute(&mut **tx).await?;
    }
    sqlx::query(
        "UPDATE license_requests SET status = $1, answered_at = $2, answered_by = $3, answer_message = $4 WHERE id = $5",
    )
    .bind(status.as_str())
    .bind(now)
    .bind(answered_by)
    .bind(message)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Removes requests sent before `now - KEPT_SECS`, their people and the notices about them.
/// Returns how many requests were removed.
pub async fn purge(db: &super::Db, now: i64) -> sqlx::Result<u64> {
    let before = now - KEPT_SECS;
    let mut tx = db.begin().await?;
    let old = "SELECT id FROM license_requests WHERE created_at < $1";
    sqlx::query(&format!("DELETE FROM license_request_people WHERE request_id IN ({old})"))
        .bind(before)
        .execute(&mut *tx)
        .await?;
    sqlx::query(&format!(
        "DELETE FROM notices WHERE kind IN ('license_request', 'request_answered') AND subject_id IN ({old})"
    ))
    .bind(before)
    .execute(&mut *tx)
    .await?;
    let removed =
        sqlx::query("DELETE FROM license_requests WHERE created_at < $1").bind(before).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(removed.rows_affected())
}
