//! Sign-in: Argon2id password hashes, opaque session tokens in an HttpOnly cookie, and the
//! `CurrentUser` extractor every protected handler takes.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use portal_api::ErrorCode;
use sha2::{Digest, Sha256};

use crate::db::audit::AuditEvent;
use crate::db::billing_accounts::Viewer;
use crate::db::{self, sessions::SessionUser};
use crate::error::AppError;
// Password hashing lives in `password` (the state hashes its decoy with it, and the state
// must not depend on this module, which depends on it); sign-in uses it from here.
pub use crate::password::{hash_password, verify_password};
use crate::state::AppState;
use crate::take_control::Person;

/// The cookie that carries the session token.
pub const SESSION_COOKIE: &str = "portal_session";
/// How long a session lasts.
pub const SESSION_SECONDS: i64 = 12 * 60 * 60;

/// A new random session token (sent in the cookie) and its hash (stored).
pub fn new_session_token() -> (String, String) {
    let token = hex::encode(rand::random::<[u8; 32]>());
    let hash = hash_token(&token);
    (token, hash)
}

/// SHA-256 of a token, hex: what the sessions table keeps.
pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The `Set-Cookie` value that starts a session.
pub fn session_cookie(token: &str, secure: bool) -> String {
    format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={SESSION_SECONDS}{}",
        if secure { "; Secure" } else { "" }
    )
}

/// The `Set-Cookie` value that ends a session.
pub fn cleared_cookie(secure: bool) -> String {
    format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{}", if secure { "; Secure" } else { "" })
}

/// The session token in a request's cookies, if any.
pub fn session_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, value)| *name == SESSION_COOKIE && !value.is_empty())
        .map(|(_, value)| value.to_owned())
}

/// The signed-in person. A handler that takes it answers 401 to anyone without a live session.
#[derive(Debug, Clone)]
pub struct CurrentUser(pub SessionUser);

impl CurrentUser {
    /// Whether this person is an admin of their organization.
    pub fn is_admin(&self) -> bool {
        self.0.role == "admin"
    }

    /// 403 `admin_only` unless this person is an admin of their organization.
    pub fn admin_only(&self) -> Result<(), AppError> {
        if self.is_admin() {
            Ok(())
        } else {
            Err(AppError::from_code(ErrorCode::AdminOnly, "Only an admin of your organization can do this."))
        }
    }

    /// An audit event of this person's, in their organization: `action` done to the
    /// `subject_type` `subject_id`.
    pub fn audit_event<'a>(&'a self, action: &'a str, subject_type: &'a str, subject_id: &'a str) -> AuditEvent<'a> {
        AuditEvent::new(&self.0.organization_id, &self.0.user_id, action, subject_type, subject_id)
    }

    /// This person as the billing records' queries see them: their own, or every one of the
    /// organization for an admin.
    pub fn viewer(&self) -> Viewer<'_> {
        Viewer { organization_id: &self.0.organization_id, user_id: &self.0.user_id, is_admin: self.is_admin() }
    }

    /// This person as the Take control rules see them (`take_control::may_change`).
    pub fn person(&self) -> Person<'_> {
        Person { user_id: &self.0.user_id, is_admin: self.is_admin() }
    }
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = session_token(&parts.headers).ok_or_else(AppError::unauthenticated)?;
        let user = db::sessions::find(&state.db, &hash_token(&token), state.clock.now_unix())
            .await?
            .ok_or_else(AppError::unauthenticated)?;
        Ok(Self(user))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_is_http_only_and_same_site() {
        let cookie = session_cookie("abc", true);
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.ends_with("Secure"));
        assert!(!session_cookie("abc", false).contains("Secure"));
    }
}
