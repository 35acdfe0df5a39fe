//! The admin's purchase list: every self-service subscription of the organization (the seed's
//! six columns), a page at a time, and where its CSV export downloads.

use portal_api::licenses::SortOrder;
use portal_api::self_service::{DEFAULT_PAGE_SIZE, PurchaseSort, PurchasesPage};

use super::{ApiFailure, percent_encode};

/// What the list shows: search, the Self-service filter, sort and page. The page keeps it in
/// its address (`?search=…&self_service=false&sort=price&order=desc&offset=50`), so reload and
/// Back show the same list; the same names go to the API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurchasesView {
    /// What was typed in the search box (product or purchaser name).
    pub search: String,
    /// Only self-service purchases (on unless turned off).
    pub self_service: bool,
    /// The column sorted by.
    pub sort: PurchaseSort,
    /// Ascending or descending.
    pub order: SortOrder,
    /// Rows skipped (a multiple of the page size).
    pub offset: i64,
}

impl Default for PurchasesView {
    fn default() -> Self {
        Self {
            search: String::new(),
            self_service: true,
            sort: PurchaseSort::Product,
            order: SortOrder::Asc,
            offset: 0,
        }
    }
}

/// Every column the list sorts by, with its name in addresses and the API.
pub const SORTS: [(PurchaseSort, &str); 6] = [
    (PurchaseSort::Product, "product"),
    (PurchaseSort::Purchaser, "purchaser"),
    (PurchaseSort::Licenses, "licenses"),
    (PurchaseSort::ExpiryDate, "expiry_date"),
    (PurchaseSort::Price, "price"),
    (PurchaseSort::AssignedUsers, "assigned_users"),
];

fn sort_name(sort: PurchaseSort) -> &'static str {
    SORTS.iter().find(|(s, _)| *s == sort).map_or("product", |(_, name)| name)
}

impl PurchasesView {
    /// The view an address's query names; anything missing or not understood is the default.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Self {
        let default = Self::default();
        let sort = get("sort").and_then(|name| SORTS.iter().find(|(_, n)| *n == name).map(|(s, _)| *s));
        let offset = get("offset").and_then(|o| o.parse::<i64>().ok()).filter(|o| *o >= 0).unwrap_or(0);
        Self {
            search: get("search").unwrap_or_default(),
            self_service: get("self_service").as_deref() != Some("false"),
            sort: sort.unwrap_or(default.sort),
            order: if get("order").as_deref() == Some("desc") { SortOrder::Desc } else { SortOrder::Asc },
            // always on a page boundary, so Previous and Next line up with the server's pages
            offset: offset - offset % DEFAULT_PAGE_SIZE,
        }
    }

    /// The query string (without `?`) naming what differs from the default; empty for it.
    pub fn query(&self) -> String {
        let mut parts = Vec::new();
        let search = self.search.trim();
        if !search.is_empty() {
            parts.push(format!("search={}", percent_encode(search, b"")));
        }
        if !self.self_service {
            parts.push("self_service=false".to_owned());
        }
        if self.sort != PurchaseSort::Product {
            parts.push(format!("sort={}", sort_name(self.sort)));
        }
        if self.order == SortOrder::Desc {
            parts.push("order=desc".to_owned());
        }
        if self.offset > 0 {
            parts.push(format!("offset={}", self.offset));
        }
        parts.join("&")
    }

    /// The same view sorted by `sort`: the other way round when it is sorted by it already,
    /// else ascending; back to the first page.
    pub fn sorted_by(&self, sort: PurchaseSort) -> Self {
        let order = match (self.sort == sort, self.order) {
            (true, SortOrder::Asc) => SortOrder::Desc,
            _ => SortOrder::Asc,
        };
        Self { sort, order, offset: 0, ..self.clone() }
    }

    /// The page of the list this view shows, as the API is asked for it.
    fn api_query(&self) -> String {
        let query = self.query();
        let paging = format!("limit={DEFAULT_PAGE_SIZE}");
        if query.is_empty() { paging } else { format!("{query}&{paging}") }
    }
}

/// One page of the organization's purchases.
pub async fn list(view: &PurchasesView) -> Result<PurchasesPage, ApiFailure> {
    super::get(&format!("/admin/subscriptions?{}", view.api_query())).await
}

/// Where Export downloads the CSV of everything the view matches (all pages), with its
/// headers in `language`.
pub fn export_url(view: &PurchasesView, language: &str) -> String {
    let mut query: Vec<String> =
        view.query().split('&').filter(|p| !p.is_empty() && !p.starts_with("offset=")).map(str::to_owned).collect();
    // the export always says which purchases it holds, so the file matches the screen
    if view.self_service {
        query.push("self_service=true".to_owned());
    }
    query.push(format!("language={}", percent_encode(language, b"")));
    super::url(&format!("/admin/subscriptions/export?{}", query.join("&")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(query: &[(&str, &str)]) -> PurchasesView {
        PurchasesView::from_query(|name| query.iter().find(|(n, _)| *n == name).map(|(_, v)| v.to_string()))
    }

    #[test]
    fn the_default_view_has_an_empty_address_and_is_self_service_by_product() {
        let view = PurchasesView::default();
        assert_eq!(view.query(), "");
        assert!(view.self_service);
        assert_eq!(parse(&[]), view);
        assert_eq!(view.api_query(), "limit=50");
    }

    #[test]
    fn every_part_of_the_view_survives_its_address() {
        for (sort, _) in SORTS {
            let view = PurchasesView {
                search: "Søren power".into(),
                self_service: false,
                sort,
                order: SortOrder::Desc,
                offset: 100,
            };
            let query = view.query();
            let pairs: Vec<(String, String)> = query
                .split('&')
                .map(|p| {
                    let (n, v) = p.split_once('=').unwrap_or((p, ""));
                    (n.to_owned(), v.replace("%C3%B8", "ø").replace("%20", " "))
                })
                .collect();
            let back = PurchasesView::from_query(|name| pairs.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone()));
            assert_eq!(back, view, "{query}");
        }
    }

    #[test]
    fn an_address_out_of_shape_falls_back_to_the_default_and_pages_line_up() {
        let view = parse(&[("sort", "color"), ("order", "sideways"), ("offset", "-5"), ("self_service", "no")]);
        assert_eq!(view, PurchasesView::default());
        assert_eq!(parse(&[("offset", "73")]).offset, 50);
        assert_eq!(parse(&[("offset", "many")]).offset, 0);
    }

    #[test]
    fn a_header_sorts_by_its_column_then_turns_the_order_and_starts_at_the_first_page() {
        let on_page_3 = PurchasesView { offset: 100, ..Default::default() };
        let by_price = on_page_3.sorted_by(PurchaseSort::Price);
        assert_eq!((by_price.sort, by_price.order, by_price.offset), (PurchaseSort::Price, SortOrder::Asc, 0));
        let again = by_price.sorted_by(PurchaseSort::Price);
        assert_eq!(again.order, SortOrder::Desc);
        assert_eq!(again.sorted_by(PurchaseSort::Price).order, SortOrder::Asc);
        assert_eq!(again.sorted_by(PurchaseSort::Purchaser).order, SortOrder::Asc);
    }

    #[test]
    fn the_api_gets_the_page_and_the_export_everything_the_view_matches() {
        let view = PurchasesView { search: "visio".into(), offset: 50, ..Default::default() };
        assert_eq!(view.api_query(), "search=visio&offset=50&limit=50");
        let url = export_url(&view, "da");
        assert!(url.ends_with("/admin/subscriptions/export?search=visio&self_service=true&language=da"), "{url}");
        let all = PurchasesView { self_service: false, sort: PurchaseSort::Price, ..Default::default() };
        assert!(export_url(&all, "en").ends_with("export?self_service=false&sort=price&language=en"));
    }
}
