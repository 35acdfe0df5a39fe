//! Sign in, sign out, and who is signed in.

use portal_api::session::{Me, SignInRequest};

use super::ApiFailure;

/// Who is signed in, or `None` when nobody is.
pub async fn me() -> Result<Option<Me>, ApiFailure> {
    match super::get::<Me>("/me").await {
        Ok(me) => Ok(Some(me)),
        Err(failure) if failure.is_unauthenticated() => Ok(None),
        Err(failure) => Err(failure),
    }
}

/// Signs in; the server sets the session cookie.
pub async fn sign_in(request: &SignInRequest) -> Result<Me, ApiFailure> {
    super::post("/session", request).await
}

/// Signs out; the server ends the session and clears the cookie.
pub async fn sign_out() -> Result<(), ApiFailure> {
    super::delete("/session").await
}
