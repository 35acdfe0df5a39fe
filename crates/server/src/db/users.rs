//! People and organizations.

use portal_api::session::{Me, Organization, Person, Role};
use sqlx::FromRow;

use super::Db;

/// A person who can sign in, with their password hash.
#[derive(Debug, FromRow)]
pub struct Credentials {
    /// The person's id.
    pub id: String,
    /// Argon2id PHC string.
    pub password_hash: String,
}

/// Finds the sign-in record for an email (already normalized).
pub async fn credentials_by_email(db: &Db, email: &str) -> sqlx::Result<Option<Credentials>> {
    sqlx::query_as("SELECT id, password_hash FROM users WHERE email = $1 AND password_hash IS NOT NULL")
        .bind(email)
        .fetch_optional(db)
        .await
}

#[derive(FromRow)]
struct MeRow {
    id: String,
    display_name: String,
    email: String,
    role: String,
    organization_id: String,
    organization_name: String,
    currency: String,
    unread_notices: i64,
}

/// Who a user is and where, as `GET /api/me` shows it.
pub async fn me(db: &Db, user_id: &str) -> sqlx::Result<Option<Me>> {
    let row: Option<MeRow> = sqlx::query_as(
        "SELECT u.id, u.display_name, u.email, u.role, o.id AS organization_id, o.name AS organization_name, o.currency,
                (SELECT COUNT(*) FROM notices n WHERE n.recipient_id = u.id AND n.read_at IS NULL) AS unread_notices
         FROM users u JOIN organizations o ON o.id = u.organization_id
         WHERE u.id = $1",
    )
    .bind(user_id)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| Me {
        person: Person { id: r.id, display_name: r.display_name, email: r.email, role: role_of(&r.role) },
        organization: Organization { id: r.organization_id, name: r.organization_name, currency: r.currency },
        unread_notices: r.unread_notices,
    }))
}

/// The role column's text as a `Role`; anything unknown gets the least power.
pub fn role_of(text: &str) -> Role {
    if text == "admin" { Role::Admin } else { Role::User }
}
