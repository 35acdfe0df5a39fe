//! The catalog: Purchase services.

use portal_api::products::ProductList;

use super::ApiFailure;

/// The products the signed-in person's organization lets them buy themselves.
pub async fn list() -> Result<ProductList, ApiFailure> {
    super::get("/products").await
}

/// Whether the server refused a purchase or trial because the organization's policy for the
/// product forbids it (it changed since the page loaded the catalog).
pub fn refused_by_policy(failure: &ApiFailure) -> bool {
    use portal_api::ErrorCode;
    matches!(failure, ApiFailure::Api { status: 403, error }
        if matches!(error.code, ErrorCode::TrialsOnly | ErrorCode::NotAllowedForSelfService))
}
