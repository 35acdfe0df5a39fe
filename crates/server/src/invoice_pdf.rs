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

/// The words an invoice needs, in one language.
pub struct Words {
    /// BCP 47 tag, for the document's language.
    pub lang: &'static str,
    invoice: &'static str,
    number: &'static str,
    date: &'static str,
    due: &'static str,
    seller: &'static str,
    sold_to: &'static str,
    bill_to: &'static str,
    product: &'static str,
    quantity: &'static str,
    unit_price: &'static str,
    amount: &'static str,
    period: &'static str,
    prorated: &'static str,
    subtotal: &'static str,
    tax: &'static str,
    total: &'static str,
    credits: &'static str,
    charged: &'static str,
    paid_with: &'static str,
    status: &'static str,
    statuses: [&'static str; 4],
    /// Decimal and thousands separators.
    separators: (char, char),
}

const EN: Words = Words {
    lang: "en",
    invoice: "Invoice",
    number: "Invoice number",
    date: "Invoice date",
    due: "Due date",
    seller: "Seller",
    sold_to: "Sold to",
    bill_to: "Bill to",
    product: "Product",
    quantity: "Quantity",
    unit_price: "Unit price",
    amount: "Amount",
    period: "Period",
    prorated: "prorated",
    subtotal: "Subtotal",
    tax: "Tax",
    total: "Total",
    credits: "Credits applied",
    charged: "Amount charged",
    paid_with: "Paid with",
    status: "Status",
    statuses: ["Paid", "Due", "Past due", "Credited"],
    separators: ('.', ','),
};

const DA: Words = Words {
    lang: "da",
    invoice: "Faktura",
    number: "Fakturanummer",
    date: "Fakturadato",
    due: "Forfaldsdato",
    seller: "Sælger",
    sold_to: "Solgt til",
    bill_to: "Faktureres til",
    product: "Produkt",
    quantity: "Antal",
    unit_price: "Enhedspris",
    amount: "Beløb",
    period: "Periode",
    prorated: "forholdsmæssigt",
    subtotal: "Subtotal",
    tax: "Moms",
    total: "I alt",
    credits: "Anvendt kredit",
    charged: "Opkrævet beløb",
    paid_with: "Betalt med",
    status: "Status",
    statuses: ["Betalt", "Til betaling", "Forfalden", "Krediteret"],
    separators: (',', '.'),
};

const DE: Words = Words {
    lang: "de",
    invoice: "Rechnung",
    number: "Rechnungsnummer",
    date: "Rechnungsdatum",
    due: "Fälligkeitsdatum",
    seller: "Verkäufer",
    sold_to: "Verkauft an",
    bill_to: "Rechnungsempfänger",
    product: "Produkt",
    quantity: "Menge",
    unit_price: "Einzelpreis",
    amount: "Betrag",
    period: "Zeitraum",
    prorated: "anteilig",
    subtotal: "Zwischensumme",
    tax: "Steuer",
    total: "Gesamtbetrag",
    credits: "Angerechnete Gutschriften",
    charged: "Abgebuchter Betrag",
    paid_with: "Bezahlt mit",
    status: "Status",
    statuses: ["Bezahlt", "Fällig", "Überfällig", "Gutgeschrieben"],
    separators: (',', '.'),
};

const NL: Words = Words {
    lang: "nl",
    invoice: "Factuur",
    number: "Factuurnummer",
    date: "Factuurdatum",
    due: "Vervaldatum",
    seller: "Verkoper",
    sold_to: "Verkocht aan",
    bill_to: "Factureren aan",
    product: "Product",
    quantity: "Aantal",
    unit_price: "Prijs per stuk",
    amount: "Bedrag",
    period: "Periode",
    prorated: "naar rato",
    subtotal: "Subtotaal",
    tax: "Btw",
    total: "Totaal",
    credits: "Toegepast tegoed",
    charged: "Afgeschreven bedrag",
    paid_with: "Betaald met",
    status: "Status",
    statuses: ["Betaald", "Te betalen", "Achterstallig", "Gecrediteerd"],
    separators: (',', '.'),
};

const SV: Words = Words {
    lang: "sv",
    invoice: "Faktura",
    number: "Fakturanummer",
    date: "Fakturadatum",
    due: "Förfallodatum",
    seller: "Säljare",
    sold_to: "Såld till",
    bill_to: "Faktureras till",
    product: "Produkt",
    quantity: "Antal",
    unit_price: "Styckpris",
    amount: "Belopp",
    period: "Period",
    prorated: "proportionellt",
    subtotal: "Delsumma",
    tax: "Moms",
    total: "Totalt",
    credits: "Tillämpad kredit",
    charged: "Debiterat belopp",
    paid_with: "Betalt med",
    status: "Status",
    statuses: ["Betald", "Att betala", "Förfallen", "Krediterad"],
    separators: (',', ' '),
};

/// The words of a language (`en`, `da`, `de`, `nl`, `sv`; a region such as `da-DK` is
/// ignored), or `None` for any other.
pub fn words(lang: &str) -> Option<&'static Words> {
    match lang.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase().as_str() {
        "en" => Some(&EN),
        "da" => Some(&DA),
        "de" => Some(&DE),
        "nl" => Some(&NL),
        "sv" => Some(&SV),
        _ => None,
    }
}

/// An amount the way the language writes it, with the currency code: "1.694,00 EUR".
pub fn money(words: &Words, money: &Money) -> String {
    let (decimal, thousands) = words.separators;
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
    let number = if rest == 0 { whole.to_string() } else { format!("{whole}{}{:02}", words.separators.0, rest) };
    if words.lang == "en" || words.lang == "nl" { format!("{number}%") } else { format!("{number} %") }
}

/// Why a PDF could not be written.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The embedded font did not load (a broken build).
    #[error("the embedded font cannot be read")]
    Font,
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
        (words.number, summary.number.clone()),
        (words.date, day(words, &summary.issued_on)),
        (words.due, day(words, &summary.due_on)),
        (words.status, words.statuses[status_index(summary.status)].to_owned()),
    ] {
        items.push(Item::text(LEFT, y, 10.0, true, label.to_owned()));
        items.push(Item::text(LEFT + 130.0, y, 10.0, false, value));
        y += 15.0;
    }
    y += 15.0;
    let column = (PAGE_W - 2.0 * LEFT) / 3.0;
    let mut tallest = 0.0_f32;
    for (i, (label, party)) in
        [(words.seller, &invoice.seller), (words.sold_to, &invoice.sold_to), (words.bill_to, &invoice.bill_to)]
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
    for (x, label) in columns.iter().zip([words.product, words.quantity, words.unit_price, words.amount]) {
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

fn status_index(status: InvoiceStatus) -> usize {
    match status {
        InvoiceStatus::Paid => 0,
        InvoiceStatus::Due => 1,
        InvoiceStatus::PastDue => 2,
        InvoiceStatus::Credited => 3,
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

    #[test]
    fn amounts_are_written_the_way_each_language_writes_them() {
        let eur = |amount_minor| Money { amount_minor, currency: "EUR".into() };
        assert_eq!(money(&EN, &eur(169_400)), "1,694.00 EUR");
        assert_eq!(money(&DA, &eur(169_400)), "1.694,00 EUR");
        assert_eq!(money(&SV, &eur(123_456_789)), "1 234 567,89 EUR");
        assert_eq!(money(&DE, &eur(-5)), "-0,05 EUR");
        assert_eq!(day(&DA, "2026-03-05"), "05.03.2026");
        assert_eq!(percent(&DA, 2500), "25 %");
        assert_eq!(percent(&EN, 2150), "21.50%");
        assert!(words("da-DK").is_some_and(|w| w.lang == "da"));
        assert!(words("fr").is_none());
    }
}
