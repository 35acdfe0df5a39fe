//! Licenses: the products the person has licenses for, who holds them, assigning and
//! unassigning them, and the directory search that finds people to assign.

use portal_api::licenses::{
    AssignRequest, DirectoryResults, LicenseChangeResult, LicenseList, LicensedPeoplePage, PeopleSort, ProductLicenses,
    SortOrder, UnassignRequest,
};

use super::{ApiFailure, encode_path_segment, percent_encode};

fn path(product_id: &str, rest: &str) -> String {
    format!("/licenses/{}{rest}", encode_path_segment(product_id))
}

/// What the people list asks for: search, sort and page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeopleView {
    /// What the person typed in the search box.
    pub search: String,
    /// By name or by date assigned.
    pub sort: PeopleSort,
    /// Ascending or descending.
    pub order: SortOrder,
    /// Rows skipped.
    pub offset: i64,
    /// Rows per page.
    pub limit: i64,
}

impl PeopleView {
    /// The query string (without `?`) for this view.
    pub fn query(&self) -> String {
        let sort = match self.sort {
            PeopleSort::Name => "name",
            PeopleSort::AssignedAt => "assigned_at",
        };
        let order = match self.order {
            SortOrder::Asc => "asc",
            SortOrder::Desc => "desc",
        };
        let mut query = format!("sort={sort}&order={order}&offset={}&limit={}", self.offset, self.limit);
        let search = self.search.trim();
        if !search.is_empty() {
            query.push_str("&search=");
            query.push_str(&percent_encode(search, b""));
        }
        query
    }
}

/// `purchaser_id=…` when an admin reads another person's licenses (read-only), else nothing.
pub fn purchaser_param(purchaser: Option<&str>) -> Option<String> {
    purchaser.filter(|p| !p.is_empty()).map(|p| format!("purchaser_id={}", percent_encode(p, b"")))
}

/// The products the signed-in person (or, for an admin, `purchaser`) has licenses for.
pub async fn list(purchaser: Option<String>) -> Result<LicenseList, ApiFailure> {
    match purchaser_param(purchaser.as_deref()) {
        Some(param) => super::get(&format!("/licenses?{param}")).await,
        None => super::get("/licenses").await,
    }
}

/// One product's licenses.
pub async fn get(product_id: &str, purchaser: Option<&str>) -> Result<ProductLicenses, ApiFailure> {
    match purchaser_param(purchaser) {
        Some(param) => super::get(&path(product_id, &format!("?{param}"))).await,
        None => super::get(&path(product_id, "")).await,
    }
}

/// One page of the people holding the product's licenses.
pub async fn people(
    product_id: &str,
    view: &PeopleView,
    purchaser: Option<&str>,
) -> Result<LicensedPeoplePage, ApiFailure> {
    let mut query = view.query();
    if let Some(param) = purchaser_param(purchaser) {
        query = format!("{query}&{param}");
    }
    super::get(&path(product_id, &format!("/people?{query}"))).await
}

/// Where Export downloads the CSV of everyone matching the view's search, in its order.
pub fn people_csv_url(product_id: &str, view: &PeopleView, purchaser: Option<&str>) -> String {
    let query = view.query();
    // The CSV has everyone: drop the paging.
    let mut query: Vec<String> =
        query.split('&').filter(|p| !p.starts_with("offset=") && !p.starts_with("limit=")).map(str::to_owned).collect();
    query.extend(purchaser_param(purchaser));
    super::url(&path(product_id, &format!("/people.csv?{}", query.join("&"))))
}

/// Up to 10 people of the organization matching what was typed, marked when they already hold
/// the product's license.
pub async fn directory(search: &str, product_id: &str) -> Result<DirectoryResults, ApiFailure> {
    super::get(&format!(
        "/directory?search={}&product_id={}",
        percent_encode(search, b""),
        percent_encode(product_id, b"")
    ))
    .await
}

/// Gives each person a license of the product (all or nothing).
pub async fn assign(product_id: &str, user_ids: Vec<String>) -> Result<LicenseChangeResult, ApiFailure> {
    super::post(&path(product_id, "/assignments"), &AssignRequest { user_ids }).await
}

/// Takes licenses back from the people named, or from everyone matching a search.
pub async fn unassign(product_id: &str, request: &UnassignRequest) -> Result<LicenseChangeResult, ApiFailure> {
    super::post(&path(product_id, "/unassignments"), request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_carries_sort_page_and_an_encoded_search() {
        let view = PeopleView {
            search: " Søren Ø ".into(),
            sort: PeopleSort::AssignedAt,
            order: SortOrder::Desc,
            offset: 50,
            limit: 50,
        };
        assert_eq!(view.query(), "sort=assigned_at&order=desc&offset=50&limit=50&search=S%C3%B8ren%20%C3%98");
        let plain = PeopleView { search: String::new(), ..view };
        assert!(!plain.query().contains("search"));
    }
}
