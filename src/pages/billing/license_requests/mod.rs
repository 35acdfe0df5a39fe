//! Billing > Licenses > Requests (`/billing/licenses/requests`): a person's own license requests
//! and their answers (`requests`); for an admin, the organization's, each opened in a pane to
//! approve all, some or none of its people (`answer_pane`, with what the request says in
//! `request_facts`); the tabs Licenses and Requests share (`tabs`); and a request's status in
//! words.

mod answer_pane;
mod request_facts;
mod requests;
mod tabs;

use portal_api::license_requests::{RequestStatus, RequestedPersonStatus};

pub use requests::LicenseRequestsPage;
pub use tabs::LicensesTabs;

use crate::i18n::*;

type I18n = leptos_i18n::I18nContext<Locale>;

/// A request's status in the person's language.
pub fn status_text(i18n: I18n, status: RequestStatus) -> &'static str {
    match status {
        RequestStatus::Pending => t_string!(i18n, self_service.status_pending),
        RequestStatus::Approved => t_string!(i18n, self_service.status_approved),
        RequestStatus::PartlyApproved => t_string!(i18n, self_service.status_partly_approved),
        RequestStatus::Declined => t_string!(i18n, self_service.status_declined),
    }
}

/// One requested person's status in the person's language.
pub fn person_status_text(i18n: I18n, status: RequestedPersonStatus) -> &'static str {
    match status {
        RequestedPersonStatus::Pending => t_string!(i18n, self_service.status_pending),
        RequestedPersonStatus::Approved => t_string!(i18n, self_service.status_approved),
        RequestedPersonStatus::Declined => t_string!(i18n, self_service.status_declined),
    }
}
