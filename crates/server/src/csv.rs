//! CSV downloads (Licenses' people, the admin's purchase list): UTF-8 with a byte order mark
//! so spreadsheets read "Søren" right, CRLF line ends, and cells a spreadsheet never runs as
//! formulas.

use axum::http::header;
use axum::response::{IntoResponse, Response};

/// A CSV document being written, row by row.
pub struct Csv(String);

impl Csv {
    /// A document whose first row is `headers`.
    pub fn with_headers(headers: &[&str]) -> Self {
        let mut csv = Self(String::from("\u{feff}"));
        csv.row(headers);
        csv
    }

    /// Adds one row.
    pub fn row<S: AsRef<str>>(&mut self, cells: &[S]) {
        let cells: Vec<String> = cells.iter().map(|value| cell(value.as_ref())).collect();
        self.0.push_str(&cells.join(","));
        self.0.push_str("\r\n");
    }

    /// The document as a download named `file_name` (ASCII letters, digits, `-`, `_` and `.`
    /// are kept, anything else is dropped).
    pub fn attachment(self, file_name: &str) -> Response {
        let file_name: String =
            file_name.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')).collect();
        (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file_name}\"")),
            ],
            self.0,
        )
            .into_response()
    }
}

/// One CSV cell: quoted when needed, and a leading `=`, `+`, `-`, `@` (or tab, carriage
/// return) made inert with `'` so a spreadsheet never runs a name as a formula.
pub fn cell(value: &str) -> String {
    let inert =
        if value.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{value}") } else { value.to_owned() };
    if inert.contains([',', '"', '\n', '\r']) { format!("\"{}\"", inert.replace('"', "\"\"")) } else { inert }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_quoted_and_never_formulas() {
        assert_eq!(cell("Søren Ørsted"), "Søren Ørsted");
        assert_eq!(cell("Groß, Jürgen"), "\"Groß, Jürgen\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(cell("-1,2"), "\"'-1,2\"");
    }

    #[test]
    fn a_document_starts_with_a_byte_order_mark_and_ends_rows_with_crlf() {
        let mut csv = Csv::with_headers(&["Name", "Email"]);
        csv.row(&["=1+1", "a@b"]);
        assert_eq!(csv.0, "\u{feff}Name,Email\r\n'=1+1,a@b\r\n");
    }
}
