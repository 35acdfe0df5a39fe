//! The catalog: Purchase services.

use portal_api::products::ProductList;

use super::ApiFailure;

/// The products the signed-in person's organization lets them buy themselves.
pub async fn list() -> Result<ProductList, ApiFailure> {
    super::get("/products").await
}
