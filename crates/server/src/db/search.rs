//! Searching people by the beginnings of the words of their folded name and email, in SQL:
//! shared by the directory and the license holders' list.

/// `LIKE` pattern for "some word of `' ' || search_text` starts with `term`", with `%`, `_`
/// and `\` in the term taken literally (`ESCAPE '\'`).
pub(crate) fn starts_a_word(term: &str) -> String {
    let mut pattern = String::from("% ");
    for c in term.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// `AND (' ' || {column}) LIKE $n ESCAPE '\'` for each term, numbered from `first`.
pub(crate) fn terms_condition(column: &str, terms: &[String], first: usize) -> String {
    (0..terms.len()).map(|i| format!(" AND (' ' || {column}) LIKE ${} ESCAPE '\\'", first + i)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_wildcards_in_a_search_are_taken_literally() {
        assert_eq!(starts_a_word("soren"), "% soren%");
        assert_eq!(starts_a_word("a_b%c\\"), "% a\\_b\\%c\\\\%");
    }
}
