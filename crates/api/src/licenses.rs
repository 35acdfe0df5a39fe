//! Billing > Licenses: the products a person has licenses for, who holds them, and assigning and
//! unassigning them; plus the directory search that finds people to assign.

use serde::{Deserialize, Serialize};

use crate::error::{ApiError, ErrorCode};
use crate::page::{Page, Paged};
use crate::text::fold_for_search;

/// Most people one Assign licenses request may carry.
pub const MAX_PEOPLE_PER_BATCH: usize = 20;
/// Most people one Unassign request may name; for more, unassign everyone matching a search.
pub const MAX_PEOPLE_PER_UNASSIGN: usize = 1_000;
/// Most people a directory search answers with.
pub const DIRECTORY_RESULTS: usize = 10;
/// Longest search text accepted, in characters.
pub const SEARCH_MAX_CHARS: usize = 100;
/// Rows per page of the people holding licenses, unless the request says otherwise.
pub const DEFAULT_PAGE_SIZE: i64 = 50;
/// Most rows one page of the people holding licenses may have.
pub const MAX_PAGE_SIZE: i64 = 200;

/// One product the person has licenses for, summed over their subscriptions of it that hold
/// licenses (active, trial, recurring billing off; not canceled or expired).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductLicenses {
    /// The product's id (the key of the Licenses routes).
    pub product_id: String,
    /// The product's name, e.g. "Power BI Pro".
    pub product_name: String,
    /// Bought through self-service (by a user, not an admin); for the Licenses page's filter.
    pub self_service: bool,
    /// Licenses assigned to people.
    pub assigned: i64,
    /// Licenses free to assign (`total - assigned`, never below zero).
    pub available: i64,
    /// Licenses bought.
    pub total: i64,
    /// Whether the signed-in person may assign and unassign them (only the purchaser may;
    /// an admin reading another's licenses may not).
    pub can_change: bool,
}

/// `GET /api/licenses`: the products the person has licenses for, by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LicenseList {
    /// By product name.
    pub products: Vec<ProductLicenses>,
}

/// Whose licenses a Licenses request is about. Everyone reads and changes their own (the
/// default); an admin may read another person's of the same organization, but not change them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct PurchaserQuery {
    /// The purchaser whose subscriptions to read; absent: the signed-in person. Only admins may
    /// name someone else (others get 404); an admin gets 403 `read_only` when changing them.
    #[serde(default)]
    pub purchaser_id: Option<String>,
}

/// How the list of people holding licenses is sorted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PeopleSort {
    /// By name (folded, so "Åsa" sorts with "Asa").
    #[default]
    Name,
    /// By the moment the license was assigned.
    AssignedAt,
}

/// Ascending or descending.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SortOrder {
    /// A to Z, oldest first.
    #[default]
    Asc,
    /// Z to A, newest first.
    Desc,
}

/// `GET /api/licenses/{product_id}/people`: one page of the people holding the product's licenses.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct PeopleQuery {
    /// Only people whose name or email has a word starting with each word of this text
    /// (case and accents ignored: "soren" finds "Søren").
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(max_length = 100))]
    pub search: Option<String>,
    /// Sort by name (default) or by the date assigned.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(inline))]
    pub sort: Option<PeopleSort>,
    /// `asc` (default) or `desc`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(inline))]
    pub order: Option<SortOrder>,
    /// Rows to skip (default 0).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(minimum = 0))]
    pub offset: Option<i64>,
    /// Rows to return, 1 to 200 (default 50).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub limit: Option<i64>,
    /// See [`PurchaserQuery`].
    #[serde(default)]
    pub purchaser_id: Option<String>,
}

impl PeopleQuery {
    /// The checks the page and the server both make.
    pub fn validate(&self) -> Result<(), ApiError> {
        validate_search(self.search.as_deref())?;
        self.validate_page()
    }
}

impl Paged for PeopleQuery {
    fn page(&self) -> Page {
        Page { offset: self.offset, limit: self.limit, default_limit: DEFAULT_PAGE_SIZE, max_limit: MAX_PAGE_SIZE }
    }
}

/// A person holding one of the product's licenses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LicensedPerson {
    /// The person's id.
    pub user_id: String,
    /// Their name.
    pub display_name: String,
    /// Their email address.
    pub email: String,
    /// When the license was assigned (RFC 3339, UTC).
    pub assigned_at: String,
}

/// One page of the people holding a product's licenses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LicensedPeoplePage {
    /// This page's people, in the order asked for.
    pub people: Vec<LicensedPerson>,
    /// How many people match the search in all (for "select all that match" and paging).
    pub total_matching: i64,
    /// Rows skipped before this page.
    pub offset: i64,
    /// Rows asked for.
    pub limit: i64,
}

/// `GET /api/directory`: people of the organization to assign licenses to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct DirectoryQuery {
    /// What the person typed: every word must start a word of the name or the email address
    /// (case and accents ignored). Empty: no results.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(max_length = 100))]
    pub search: Option<String>,
    /// The product being assigned, so that people who already have it are marked.
    #[serde(default)]
    pub product_id: Option<String>,
}

impl DirectoryQuery {
    /// The checks the page and the server both make.
    pub fn validate(&self) -> Result<(), ApiError> {
        validate_search(self.search.as_deref())
    }
}

/// A person found in the directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DirectoryPerson {
    /// The person's id, to send in an [`AssignRequest`].
    pub user_id: String,
    /// Their name.
    pub display_name: String,
    /// Their email address.
    pub email: String,
    /// They already have a license of the product asked about, so they cannot be added again.
    pub has_license: bool,
}

/// The directory's answer: at most 10 people, by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DirectoryResults {
    /// By name.
    pub people: Vec<DirectoryPerson>,
}

/// `POST /api/licenses/{product_id}/assignments`: give these people a license each.
/// All or nothing: if one of them cannot have one, nobody gets one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssignRequest {
    /// The people, 1 to 20, each once.
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 20))]
    pub user_ids: Vec<String>,
}

impl AssignRequest {
    /// The checks the page and the server both make: 1 to 20 people, none twice.
    pub fn validate(&self) -> Result<(), ApiError> {
        if self.user_ids.is_empty() {
            return Err(ApiError::field(ErrorCode::Required, "user_ids", "Add at least one person."));
        }
        if self.user_ids.len() > MAX_PEOPLE_PER_BATCH {
            return Err(ApiError::field(
                ErrorCode::TooManyPeople,
                "user_ids",
                "You can add up to 20 people at a time.",
            )
            .with_count(MAX_PEOPLE_PER_BATCH as i64));
        }
        let twice = repeated(&self.user_ids);
        if !twice.is_empty() {
            return Err(ApiError::field(ErrorCode::PeopleRefused, "user_ids", "A person is in the list twice.")
                .with_people(twice));
        }
        Ok(())
    }
}

/// `POST /api/licenses/{product_id}/unassignments`: take licenses back from people. Name them,
/// or ask for everyone matching a search (select all). Someone who has no license is skipped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnassignRequest {
    /// The people, 1 to 1,000; leave empty when `all_matching` is given.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 1000))]
    pub user_ids: Vec<String>,
    /// Everyone holding a license whose name or email matches this search, as the people list
    /// shows them; `""` is everyone. Leave out when naming people.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub all_matching: Option<String>,
}

impl UnassignRequest {
    /// The checks the page and the server both make: people or a search, not both.
    pub fn validate(&self) -> Result<(), ApiError> {
        match (&self.all_matching, self.user_ids.len()) {
            (Some(_), n) if n > 0 => Err(ApiError::field(
                ErrorCode::InvalidBody,
                "all_matching",
                "Name the people or give a search, not both.",
            )),
            (Some(search), _) => {
                validate_search(Some(search)).map_err(|e| ApiError { field: Some("all_matching".into()), ..e })
            }
            (None, 0) => Err(ApiError::field(ErrorCode::Required, "user_ids", "Choose at least one person.")),
            (None, n) if n > MAX_PEOPLE_PER_UNASSIGN => Err(ApiError::field(
                ErrorCode::TooManyPeople,
                "user_ids",
                "You can name up to 1,000 people at a time; to unassign more, unassign everyone matching a search.",
            )
            .with_count(MAX_PEOPLE_PER_UNASSIGN as i64)),
            (None, _) => Ok(()),
        }
    }
}

/// What an assignment or unassignment did, with the product's counts after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LicenseChangeResult {
    /// How many people got (or lost) a license.
    pub changed: i64,
    /// The product's licenses now.
    pub licenses: ProductLicenses,
}

/// A search's words, folded ("Søren Ø" → `["soren", "o"]`), each once, in order. A person
/// matches when every word starts one of the words of their name or email address.
pub fn search_terms(search: &str) -> Vec<String> {
    let mut terms: Vec<String> = Vec::new();
    for term in fold_for_search(search).split_whitespace() {
        if !terms.iter().any(|t| t == term) {
            terms.push(term.to_owned());
        }
    }
    terms
}

/// Whether a folded name-and-email text (`users.search_text`) matches every term.
pub fn matches_search(search_text: &str, terms: &[String]) -> bool {
    terms.iter().all(|term| search_text.split(' ').any(|word| word.starts_with(term.as_str())))
}

/// A search text is at most 100 characters (shared by every list with a search box).
pub fn validate_search(search: Option<&str>) -> Result<(), ApiError> {
    if search.is_some_and(|s| s.chars().count() > SEARCH_MAX_CHARS) {
        return Err(ApiError::field(ErrorCode::TooLong, "search", "The search can be up to 100 characters.")
            .with_count(SEARCH_MAX_CHARS as i64));
    }
    Ok(())
}

/// The ids that appear more than once, each once.
fn repeated(ids: &[String]) -> Vec<String> {
    let mut twice: Vec<String> = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        if ids[..i].contains(id) && !twice.contains(id) {
            twice.push(id.clone());
        }
    }
    twice
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assign(n: usize) -> AssignRequest {
        AssignRequest { user_ids: (0..n).map(|i| format!("usr_{i}")).collect() }
    }

    #[test]
    fn a_batch_has_one_to_twenty_people() {
        assert_eq!(assign(1).validate(), Ok(()));
        assert_eq!(assign(20).validate(), Ok(()));
        let error = assign(21).validate().expect_err("21 is too many");
        assert_eq!(
            (error.code, error.count, error.field.as_deref()),
            (ErrorCode::TooManyPeople, Some(20), Some("user_ids"))
        );
        assert!(error.message.contains("up to 20"), "{}", error.message);
        assert_eq!(assign(0).validate().map_err(|e| e.code), Err(ErrorCode::Required));
    }

    #[test]
    fn a_person_twice_in_a_batch_is_refused_by_name() {
        let request = AssignRequest { user_ids: vec!["usr_a".into(), "usr_b".into(), "usr_a".into(), "usr_a".into()] };
        let error = request.validate().expect_err("a duplicate");
        assert_eq!((error.code, error.people), (ErrorCode::PeopleRefused, vec!["usr_a".to_owned()]));
    }

    #[test]
    fn an_unassignment_names_people_or_gives_a_search_not_both() {
        let ids = UnassignRequest { user_ids: vec!["usr_a".into()], all_matching: None };
        assert_eq!(ids.validate(), Ok(()));
        let everyone = UnassignRequest { user_ids: vec![], all_matching: Some(String::new()) };
        assert_eq!(everyone.validate(), Ok(()));
        let both = UnassignRequest { user_ids: vec!["usr_a".into()], all_matching: Some("a".into()) };
        assert_eq!(both.validate().map_err(|e| e.code), Err(ErrorCode::InvalidBody));
        let neither = UnassignRequest { user_ids: vec![], all_matching: None };
        assert_eq!(neither.validate().map_err(|e| e.code), Err(ErrorCode::Required));
        let many = UnassignRequest { user_ids: (0..1001).map(|i| i.to_string()).collect(), all_matching: None };
        assert_eq!(many.validate().map_err(|e| (e.code, e.count)), Err((ErrorCode::TooManyPeople, Some(1000))));
    }

    #[test]
    fn search_words_are_folded_and_match_the_start_of_a_word() {
        assert_eq!(search_terms("  Søren  ØRS søren "), ["soren", "ors"]);
        let soren = "soren orsted soren.orsted@contoso.example";
        assert!(matches_search(soren, &search_terms("ørs SØR")));
        assert!(matches_search(soren, &search_terms("soren.ors")));
        assert!(!matches_search(soren, &search_terms("rsted")));
        assert!(!matches_search(soren, &search_terms("soren x")));
        assert!(matches_search("jurgen gross jurgen.gross@contoso.example", &search_terms("Jürgen gro")));
        assert!(matches_search(soren, &[]));
    }

    #[test]
    fn a_page_has_one_to_two_hundred_rows() {
        let query = |limit, offset| PeopleQuery { limit: Some(limit), offset: Some(offset), ..PeopleQuery::default() };
        assert_eq!(query(200, 0).validate(), Ok(()));
        assert_eq!(query(0, 0).validate().map_err(|e| e.field), Err(Some("limit".into())));
        assert_eq!(query(201, 0).validate().map_err(|e| e.count), Err(Some(200)));
        assert_eq!(query(10, -1).validate().map_err(|e| e.field), Err(Some("offset".into())));
        assert_eq!((PeopleQuery::default().offset(), PeopleQuery::default().limit()), (0, 50));
        let long = PeopleQuery { search: Some("x".repeat(101)), ..PeopleQuery::default() };
        assert_eq!(long.validate().map_err(|e| e.code), Err(ErrorCode::TooLong));
    }
}
