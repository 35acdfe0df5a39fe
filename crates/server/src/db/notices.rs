//! Notices: what a person should know about (a purchase, a trial, a license request for
//! admins; a take-over, a move, an answer for the person concerned), written in the same
//! transaction as what they tell of, read and marked read by their recipient only.

use portal_api::notices::{MAX_NOTICES, Notice, NoticeKind};
use sqlx::{Any, FromRow, Transaction};

use super::Db;
use super::{placeholders, rfc3339};

/// The database's name of a kind (the wire's too).
pub const fn kind_name(kind: NoticeKind) -> &'static str {
    match kind {
        NoticeKind::Purchase => "purchase",
        NoticeKind::Trial => "trial",
        NoticeKind::LicenseRequest => "license_request",
        NoticeKind::TakenOver => "taken_over",
        NoticeKind::UsersMoved => "users_moved",
        NoticeKind::RequestAnswered => "request_answered",
    }
}

/// The kind of a database name.
fn kind_of(name: &str) -> sqlx::Result<NoticeKind> {
    [
        NoticeKind::Purchase,
        NoticeKind::Trial,
        NoticeKind::LicenseRequest,
        NoticeKind::TakenOver,
        NoticeKind::UsersMoved,
        NoticeKind::RequestAnswered,
    ]
    .into_iter()
    .find(|kind| kind_name(*kind) == name)
    .ok_or_else(|| sqlx::Error::Decode(format!("unknown notice kind {name:?}").into()))
}

/// Who a notice is for.
#[derive(Debug, Clone, Copy)]
pub enum Recipients<'a> {
    /// Every admin of the organization: of a new purchase, trial or license request.
    Admins,
    /// The one person concerned (a purchaser whose subscription was taken over or moved, a
    /// requester who was answered).
    Person(&'a str),
}

/// Tells `recipients` (people of `organization_id`) about `subject_id` (a subscription or a
/// request, see [`NoticeKind`]) of `product_id`, done by `actor_id` at `now`, inside the
/// transaction that does it, so a notice exists exactly when what it tells of does. Nobody is
/// told what they did themselves: `actor_id` is skipped among the recipients.
#[allow(clippy::too_many_arguments)] // the notice's columns, named at every call
pub async fn notify(
    tx: &mut Transaction<'_, Any>,
    organization_id: &str,
    recipients: Recipients<'_>,
    kind: NoticeKind,
    subject_id: &str,
    product_id: &str,
    actor_id: &str,
    now: i64,
) -> sqlx::Result<()> {
    let recipients = match recipients {
        Recipients::Admins => admins_of(&mut **tx, organization_id).await?,
        Recipients::Person(id) => vec![id.to_owned()],
    };
    for recipient in recipients.iter().filter(|r| r.as_str() != actor_id) {
        sqlx::query(
            "INSERT INTO notices (id, organization_id, recipient_id, kind, subject_id, product_id, actor_id, created_at, read_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL)",
        )
        .bind(super::new_id("ntc"))
        .bind(organization_id)
        .bind(recipient)
        .bind(kind_name(kind))
        .bind(subject_id)
        .bind(product_id)
        .bind(actor_id)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Every admin of the organization, by id: who hears of purchases, trials and requests.
async fn admins_of<'e, E>(executor: E, organization_id: &str) -> sqlx::Result<Vec<String>>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT id FROM users WHERE organization_id = $1 AND role = 'admin' ORDER BY id")
            .bind(organization_id)
            .fetch_all(executor)
            .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

#[derive(FromRow)]
struct NoticeRow {
    id: String,
    kind: String,
    subject_id: String,
    product_name: String,
    actor_name: String,
    created_at: i64,
    read_at: Option<i64>,
}

/// A person's notices, newest first (up to `MAX_NOTICES`).
pub async fn of(db: &Db, organization_id: &str, recipient_id: &str) -> sqlx::Result<Vec<Notice>> {
    let rows: Vec<NoticeRow> = sqlx::query_as(
        "SELECT n.id, n.kind, n.subject_id, p.name AS product_name, u.display_name AS actor_name, n.created_at, n.read_at
         FROM notices n JOIN products p ON p.id = n.product_id JOIN users u ON u.id = n.actor_id
         WHERE n.recipient_id = $1 AND n.organization_id = $2
         ORDER BY n.created_at DESC, n.id DESC LIMIT $3",
    )
    .bind(recipient_id)
    .bind(organization_id)
    .bind(MAX_NOTICES)
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(Notice {
                kind: kind_of(&r.kind)?,
                id: r.id,
                subject_id: r.subject_id,
                product_name: r.product_name,
                actor_name: r.actor_name,
                at: rfc3339(r.created_at),
                read: r.read_at.is_some(),
            })
        })
        .collect()
}

/// How many of a person's notices are unread (the count in the navigation, and `Me`).
pub async fn unread<'e, E>(executor: E, recipient_id: &str) -> sqlx::Result<i64>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    sqlx::query_scalar("SELECT COUNT(*) FROM notices WHERE recipient_id = $1 AND read_at IS NULL")
        .bind(recipient_id)
        .fetch_one(executor)
        .await
}

/// Marks the person's notices among `ids` read (all of them when `ids` is empty); ids that are
/// not theirs (or not notices) are skipped. Returns how many changed.
pub async fn mark_read(db: &Db, recipient_id: &str, ids: &[String], now: i64) -> sqlx::Result<u64> {
    let done = if ids.is_empty() {
        sqlx::query("UPDATE notices SET read_at = $1 WHERE recipient_id = $2 AND read_at IS NULL")
            .bind(now)
            .bind(recipient_id)
            .execute(db)
            .await?
    } else {
        let sql = format!(
            "UPDATE notices SET read_at = $1 WHERE recipient_id = $2 AND read_at IS NULL AND id IN ({})",
            placeholders(3, ids.len())
        );
        let mut query = sqlx::query(&sql).bind(now).bind(recipient_id);
        for id in ids {
            query = query.bind(id);
        }
        query.execute(db).await?
    };
    Ok(done.rows_affected())
}
