//! An invoice as a PDF, in the person's language: seller and buyer, number and dates, lines,
//! tax, total; tagged (heading, paragraphs) with its title and language, so it reads aloud. Written with krilla; the text is DejaVu Sans (Debian's fonts-dejavu-core,
//! licence in `assets/fonts/LICENSE-DejaVu.txt`), embedded as a subset, which covers every
//! letter of the five languages (ø å æ ä ö ü ß é).

use std::sync::LazyLock;

use krilla::Document;
use krilla::geom::{PathBuilder, Point};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::Stroke;
use krilla::tagging::{Artifact, ArtifactType, ContentTag, SpanTag, Tag, TagGroup, TagTree};
use krilla::text::{Font, TextDirection};
use portal_api::Money;
use portal_api::invoices::{InvoiceDetails, InvoiceStatus, Party};

static REGULAR: &[u8] = include_bytes!("../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../assets/fonts/DejaVuSans-Bold.ttf");
static FONTS: LazyLock<Option<(Font, Font)>> =
    LazyLock::new(|| Some((Font::new(REGULAR.into(), 0)?, Font::new(BOLD.into(), 0)?)));

/// The words an invoice needs, in one language: `locales/<language>/invoice_pdf.json`, beside
/// the app's words (the app does not load that file; a test checks every language has every word).
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Words {
    /// BCP 47 tag, for the document's language.
    #[serde(skip)]
    pub lang: &'static str,
    invoice: String,
    number: String,
    date: String,
    due: String,
    seller: String,
    sold_to: String,
    bill_to: String,
    product: String,
    quantity: String,
    unit_price: String,
    amount: String,
    period: String,
    prorated: String,
    subtotal: String,
    tax: String,
    total: String,
    credits: String,
    charged: String,
    paid_with: String,
    status: String,
    status_paid: String,
    status_due: String,
    status_past_due: String,
    status_credited: String,
}

impl Words {
    fn status(&self, status: InvoiceStatus) -> &str {
        match status {
            InvoiceStatus::Paid => &self.status_paid,
            InvoiceStatus::Due => &self.status_due,
            InvoiceStatus::PastDue => &self.status_past_due,
            InvoiceStatus::Credited => &self.status_credited,
        }
    }

    /// Decimal and thousands separators.
    fn separators(&self) -> (char, char) {
        match self.lang {
            "en" => ('.', ','),
            "sv" => (',', ' '),
            _ => (',', '.'),
        }
    }
}

/// The five languages' files, read into the binary.
const FILES: [(&str, &str); 5] = [
    ("en", include_str!("../../../locales/en/invoice_pdf.json")),
    ("da", include_str!("../../../locales/da/invoice_pdf.json")),
    ("de", include_str!("../../../locales/de/invoice_pdf.json")),
    ("nl", include_str!("../../../locales/nl/invoice_pdf.json")),
    ("sv", include_str!("../../../locales/sv/invoice_pdf.json")),
];

static WORDS: LazyLock<Result<Vec<Words>, String>> = LazyLock::new(|| {
    FILES
        .iter()
        .map(|(lang, file)| {
            let words: Words =
                serde_json::from_str(file).map_err(|e| format!("locales/{lang}/invoice_pdf.json: {e}"))?;
            Ok(Words { lang, ..words })
        })
        .collect()
});

/// The words of a language (`en`, `da`, `de`, `nl`, `sv`; a region such as `da-DK` is
/// ignored), or `None` for any other.
pub fn words(lang: &str) -> Result<Option<&'static Words>, PdfError> {
    let all = WORDS.as_ref().map_err(|e| PdfError::Words(e.clone()))?;
    let lang = lang.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
    Ok(all.iter().find(|words| words.lang == lang))
}

/// An amount the way the language writes it, with the currency code: "1.694,00 EUR".
pub fn money(words: &Words, money: &Money) -> String {
    let (decimal, thousands) = words.separators();
    let minor = money.amount_minor.unsigned_abs();
    let whole = (minor / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(thousands);
        }
        grouped.push(c);
    }
    let sign = if money.amount_minor < 0 { "-" } else { "" };
    format!("{sign}{grouped}{decimal}{:02} {}", minor % 100, money.currency)
}

/// A `YYYY-MM-DD` day the way the language writes it.
pub fn day(words: &Words, text: &str) -> String {
    let Some(day) = portal_api::invoices::Day::parse(text) else { return text.to_owned() };
    match words.lang {
        "da" | "de" => format!("{:02}.{:02}.{}", day.day, day.month, day.year),
        "nl" => format!("{:02}-{:02}-{}", day.day, day.month, day.year),
        _ => day.to_string(),
    }
}

fn percent(words: &Words, bp: i64) -> String {
    let whole = bp / 100;
    let rest = bp % 100;
    let number = if rest == 0 { whole.to_string() } else { format!("{whole}{}{:02}", words.separators().0, rest) };
    if words.lang == "en" || words.lang == "nl" { format!("{number}%") } else { format!("{number} %") }
}

/// Why a PDF could not be written.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The embedded font did not load (a broken build).
    #[error("the embedded font cannot be read")]
    Font,
    /// A language's words did not load (a broken build).
    #[error("the invoice's words cannot be read: {0}")]
    Words(String),
    /// krilla refused the document.
    #[error("writing the PDF failed: {0}")]
    Write(String),
}

const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const LEFT: f32 = 50.0;
const BOTTOM: f32 = 780.0;

/// The invoice as PDF bytes.
pub fn render(invoice: &InvoiceDetails, words: &Words) -> Result<Vec<u8>, PdfError> {
    let (regular, bold) = FONTS.as_ref().ok_or(PdfError::Font)?.clone();
    let summary = &invoice.summary;
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(format!("{} {}", words.invoice, summary.number))
            .language(words.lang.to_owned())
            .creator("Self-service billing portal".to_owned()),
    );
    let settings = || PageSettings::from_wh(PAGE_W, PAGE_H).ok_or_else(|| PdfError::Write("page size".into()));

    // Every line of text, laid out first, then drawn page by page.
    let mut items: Vec<Item> = Vec::new();
    let mut y = 60.0;
    items.push(Item::text(LEFT, y, 22.0, true, format!("{} {}", words.invoice, summary.number)));
    y += 30.0;
    for (label, value) in [
        (&words.number, summary.number.clone()),
        (&words.date, day(words, &summary.issued_on)),
        (&words.due, day(words, &summary.due_on)),
        (&words.status, words.status(summary.status).to_owned()),
    ] {
        items.push(Item::text(LEFT, y, 10.0, true, label.to_owned()));
        items.push(Item::text(LEFT + 130.0, y, 10.0, false, value));
        y += 15.0;
    }
    y += 15.0;
    let column = (PAGE_W - 2.0 * LEFT) / 3.0;
    let mut tallest = 0.0_f32;
    for (i, (label, party)) in
        [(&words.seller, &invoice.seller), (&words.sold_to, &invoice.sold_to), (&words.bill_to, &invoice.bill_to)]
            .into_iter()
            .enumerate()
    {
        let x = LEFT + column * i as f32;
        let mut py = y;
        items.push(Item::text(x, py, 10.0, true, label.to_owned()));
        for line in party_lines(party) {
            py += 14.0;
            items.push(Item::text(x, py, 9.5, false, line));
        }
        tallest = tallest.max(py - y);
    }
    y += tallest + 35.0;

    let columns = [LEFT, LEFT + 200.0, LEFT + 260.0, LEFT + 360.0];
    for (x, label) in columns.iter().zip([&words.product, &words.quantity, &words.unit_price, &words.amount]) {
        items.push(Item::text(*x, y, 10.0, true, label.to_owned()));
    }
    y += 6.0;
    items.push(Item::Rule(y));
    y += 16.0;
    for line in &invoice.lines {
        if y > BOTTOM {
            items.push(Item::PageBreak);
            y = 60.0;
        }
        let cells = [
            line.product.clone(),
            line.quantity.to_string(),
            money(words, &line.unit_price),
            money(words, &line.amount),
        ];
        for (x, cell) in columns.iter().zip(cells) {
            items.push(Item::text(*x, y, 9.5, false, cell));
        }
        let period = match (&line.period_start, &line.period_end) {
            (Some(start), Some(end)) => Some(format!("{}: {} – {}", words.period, day(words, start), day(words, end))),
            _ => None,
        };
        let note = match (period, line.prorated) {
            (Some(period), true) => Some(format!("{period} ({})", words.prorated)),
            (Some(period), false) => Some(period),
            (None, true) => Some(words.prorated.to_owned()),
            (None, false) => None,
        };
        if let Some(note) = note {
            y += 13.0;
            items.push(Item::text(LEFT + 10.0, y, 8.5, false, note));
        }
        y += 18.0;
    }
    if y > BOTTOM - 100.0 {
        items.push(Item::PageBreak);
        y = 60.0;
    }
    items.push(Item::Rule(y - 8.0));
    y += 6.0;
    let mut totals = vec![
        (words.subtotal.to_owned(), money(words, &invoice.subtotal), false),
        (format!("{} ({})", words.tax, percent(words, invoice.tax_rate_bp)), money(words, &invoice.tax), false),
        (words.total.to_owned(), money(words, &invoice.total), true),
    ];
    if invoice.credits_applied.amount_minor != 0 {
        let credits = Money { amount_minor: -invoice.credits_applied.amount_minor, ..invoice.credits_applied.clone() };
        totals.push((words.credits.to_owned(), money(words, &credits), false));
        totals.push((words.charged.to_owned(), money(words, &summary.amount), true));
    }
    for (label, value, strong) in totals {
        items.push(Item::text(columns[2], y, 10.0, strong, label));
        items.push(Item::text(columns[3], y, 10.0, strong, value));
        y += 16.0;
    }
    if let Some(payment) = &invoice.payment {
        y += 14.0;
        let brand = match payment.brand {
            portal_api::cards::CardBrand::Visa => "Visa",
            portal_api::cards::CardBrand::Mastercard => "Mastercard",
            portal_api::cards::CardBrand::Amex => "American Express",
        };
        items.push(Item::text(LEFT, y, 10.0, false, format!("{}: {brand} •••• {}", words.paid_with, payment.last4)));
    }

    // Tagged PDF: the title is a heading, every other line a paragraph in reading order, the
    // rules are decoration; screen readers read it as it is laid out.
    let mut tree = TagTree::new();
    let mut first = true;
    for chunk in items.split(|item| matches!(item, Item::PageBreak)) {
        let mut page = document.start_page_with(settings()?);
        let mut surface = page.surface();
        for item in chunk {
            match item {
                Item::Text { x, y, size, bold: strong, text } => {
                    let font = if *strong { bold.clone() } else { regular.clone() };
                    let id = surface.start_tagged(ContentTag::Span(SpanTag::empty()));
                    surface.draw_text(Point::from_xy(*x, *y), font, *size, text, false, TextDirection::Auto);
                    surface.end_tagged();
                    let mut group = if first {
                        TagGroup::new(Tag::Hn(std::num::NonZeroU16::MIN, Some(text.clone())))
                    } else {
                        TagGroup::new(Tag::P)
                    };
                    first = false;
                    group.push(id);
                    tree.push(group);
                }
                Item::Rule(y) => {
                    surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(ArtifactType::Layout)));
                    let mut path = PathBuilder::new();
                    path.move_to(LEFT, *y);
                    path.line_to(PAGE_W - LEFT, *y);
                    if let Some(path) = path.finish() {
                        // no fill and no stroke is krilla's black fill, which the text uses
                        surface.set_stroke(Some(Stroke { width: 0.6, ..Default::default() }));
                        surface.draw_path(&path);
                        surface.set_stroke(None);
                    }
                    surface.end_tagged();
                }
                Item::PageBreak => {}
            }
        }
        surface.finish();
        page.finish();
    }
    document.set_tag_tree(tree);
    document.finish().map_err(|e| PdfError::Write(format!("{e:?}")))
}

enum Item {
    Text { x: f32, y: f32, size: f32, bold: bool, text: String },
    Rule(f32),
    PageBreak,
}

impl Item {
    fn text(x: f32, y: f32, size: f32, bold: bool, text: String) -> Self {
        Item::Text { x, y, size, bold, text }
    }
}

fn party_lines(party: &Party) -> Vec<String> {
    let mut lines = vec![party.name.clone()];
    lines.extend([Some(party.line1.clone()), party.line2.clone()].into_iter().flatten().filter(|l| !l.is_empty()));
    let city = format!("{} {}", party.postal_code, party.city).trim().to_owned();
    if !city.is_empty() {
        lines.push(city);
    }
    if !party.country.is_empty() {
        lines.push(party.country.clone());
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(lang: &str) -> &'static Words {
        words(lang).expect("the words load").expect("a language of the portal")
    }

    #[test]
    fn every_language_has_every_word_and_no_other() {
        let all = WORDS.as_ref().expect("every file reads as Words: no word missing, none unknown");
        assert_eq!(all.iter().map(|w| w.lang).collect::<Vec<_>>(), ["en", "da", "de", "nl", "sv"]);
        assert!(all.iter().all(|w| !w.invoice.is_empty() && !w.status_credited.is_empty()));
    }

    #[test]
    fn amounts_are_written_the_way_each_language_writes_them() {
        let eur = |amount_minor| Money { amount_minor, currency: "EUR".into() };
        assert_eq!(money(of("en"), &eur(169_400)), "1,694.00 EUR");
        assert_eq!(money(of("da"), &eur(169_400)), "1.694,00 EUR");
        assert_eq!(money(of("sv"), &eur(123_456_789)), "1 234 567,89 EUR");
        assert_eq!(money(of("de"), &eur(-5)), "-0,05 EUR");
        assert_eq!(day(of("da"), "2026-03-05"), "05.03.2026");
        assert_eq!(percent(of("da"), 2500), "25 %");
        assert_eq!(percent(of("en"), 2150), "21.50%");
        assert!(words("da-DK").is_ok_and(|w| w.is_some_and(|w| w.lang == "da")));
        assert!(words("fr").is_ok_and(|w| w.is_none()));
    }
}
