//! License requests: a person asks their admin for licenses of a product the organization
//! does not let them buy; admins answer.

use portal_api::license_requests::{
    LicenseRequest, LicenseRequestDetails, LicenseRequestList, NewLicenseRequest, RequestAnswer,
};

use super::{ApiFailure, encode_path_segment};

/// Sends a request (Request licenses).
pub async fn create(key: &str, request: &NewLicenseRequest) -> Result<LicenseRequest, ApiFailure> {
    super::post_once("/license-requests", key, request).await
}

/// The signed-in person's own requests, newest first.
pub async fn mine() -> Result<LicenseRequestList, ApiFailure> {
    super::get("/license-requests").await
}

/// The organization's requests, newest first (admins).
pub async fn organization() -> Result<LicenseRequestList, ApiFailure> {
    super::get("/admin/license-requests").await
}

/// One request and the free licenses answering it can use (admins).
pub async fn details(id: &str) -> Result<LicenseRequestDetails, ApiFailure> {
    super::get(&format!("/admin/license-requests/{}", encode_path_segment(id))).await
}

/// Approves some people of a request (none: declines it), with a message (admins).
pub async fn answer(id: &str, key: &str, answer: &RequestAnswer) -> Result<LicenseRequest, ApiFailure> {
    super::post_once(&format!("/admin/license-requests/{}/answer", encode_path_segment(id)), key, answer).await
}
