//! Self-service policies: what the organization lets its people buy or try themselves, per
//! product (Settings > Self-service, admins).

use portal_api::self_service::{PolicyChange, PolicyList};

use super::ApiFailure;

/// Every product of the catalog with its policy, and the default for products added later.
pub async fn policies() -> Result<PolicyList, ApiFailure> {
    super::get("/self-service/policies").await
}

/// Saves policy changes; they apply to new purchases and trials only.
pub async fn change(key: &str, change: &PolicyChange) -> Result<PolicyList, ApiFailure> {
    super::put_once("/self-service/policies", key, change).await
}
