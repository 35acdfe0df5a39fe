//! Who is selected on a product's details page: people by id, or everyone matching the search
//! (across every page), and the Unassign request that selection makes.

use std::collections::BTreeSet;

use portal_api::licenses::UnassignRequest;

/// Who is selected: people by id, or everyone matching the search (across every page).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// People picked one by one (or a page at a time).
    pub ids: BTreeSet<String>,
    /// Everyone matching the current search.
    pub all_matching: bool,
}

impl Selection {
    /// How many people are selected, given how many match the search.
    pub fn count(&self, total_matching: i64) -> i64 {
        if self.all_matching { total_matching } else { self.ids.len() as i64 }
    }

    /// Whether this person is selected.
    pub fn has(&self, id: &str) -> bool {
        self.all_matching || self.ids.contains(id)
    }

    /// Whether everyone in `ids` (a page) is selected.
    pub fn has_all<'a>(&self, mut ids: impl Iterator<Item = &'a str>) -> bool {
        self.all_matching || ids.all(|id| self.ids.contains(id))
    }

    /// Selects or clears one person. Clearing one out of "everyone matching" keeps the rest of
    /// the page shown (`page`) selected.
    pub fn toggle<'a>(&mut self, id: &str, on: bool, page: impl Iterator<Item = &'a str>) {
        if self.all_matching && !on {
            self.all_matching = false;
            self.ids = page.filter(|p| *p != id).map(str::to_owned).collect();
        } else if on {
            self.ids.insert(id.to_owned());
        } else {
            self.ids.remove(id);
        }
    }

    /// Selects or clears a whole page.
    pub fn toggle_page<'a>(&mut self, on: bool, page: impl Iterator<Item = &'a str>) {
        if on {
            self.ids.extend(page.map(str::to_owned));
        } else if self.all_matching {
            *self = Self::default();
        } else {
            for id in page {
                self.ids.remove(id);
            }
        }
    }

    /// The Unassign request for this selection under `search`.
    pub fn request(&self, search: &str) -> UnassignRequest {
        if self.all_matching {
            UnassignRequest { user_ids: Vec::new(), all_matching: Some(search.trim().to_owned()) }
        } else {
            UnassignRequest { user_ids: self.ids.iter().cloned().collect(), all_matching: None }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn a_page_and_then_everyone_matching_can_be_selected() {
        let page = ids(&["a", "b", "c"]);
        let mut s = Selection::default();
        s.toggle_page(true, page.iter().map(String::as_str));
        assert!(s.has_all(page.iter().map(String::as_str)));
        assert_eq!(s.count(10_000), 3);
        assert_eq!(s.request("x").user_ids, page);
        s.all_matching = true;
        assert_eq!(s.count(10_000), 10_000);
        assert_eq!(s.request(" søren ").all_matching.as_deref(), Some("søren"));
        assert!(s.request("").user_ids.is_empty());
    }

    #[test]
    fn clearing_one_of_everyone_keeps_the_rest_of_the_page() {
        let page = ids(&["a", "b", "c"]);
        let mut s = Selection { all_matching: true, ..Selection::default() };
        s.toggle("b", false, page.iter().map(String::as_str));
        assert!(!s.all_matching);
        assert_eq!(s.ids.iter().cloned().collect::<Vec<_>>(), ids(&["a", "c"]));
        s.toggle_page(false, page.iter().map(String::as_str));
        assert_eq!(s.count(3), 0);
    }
}
