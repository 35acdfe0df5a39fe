//! Invoices as Bills & payments shows them: a period's page, newest first, and one invoice.

use portal_api::Money;
use portal_api::invoices::{Day, InvoiceLineItem, InvoicePayment, InvoiceStatus, InvoiceSummary, Party};
use sqlx::any::AnyArguments;
use sqlx::error::BoxDynError;
use sqlx::{AnyConnection, Arguments, FromRow};

use super::billing::brand_of;
use super::billing_accounts::{Viewer, seen_by_viewer};

/// The invoices of the profiles the viewer may see (their own; an admin: the organization's).
const VISIBLE: &str = concat!(
    "i.organization_id = $1 AND i.billing_profile_id IN (
        SELECT vp.id FROM billing_profiles vp JOIN billing_accounts va ON va.id = vp.billing_account_id
        WHERE ",
    seen_by_viewer!("vp.organization_id", "va.owner_id"),
    ")"
);

#[derive(FromRow)]
struct SummaryRow {
    id: String,
    number: String,
    issued_on: String,
    due_on: String,
    billing_profile_id: String,
    billing_profile_name: String,
    total_minor: i64,
    credit_applied_minor: i64,
    currency: String,
    status: String,
}

impl SummaryRow {
    fn into_summary(self, today: Day) -> InvoiceSummary {
        let charged = self.total_minor - self.credit_applied_minor;
        let status = match self.status.as_str() {
            _ if self.credit_applied_minor > 0 && charged <= 0 => InvoiceStatus::Credited,
            "paid" => InvoiceStatus::Paid,
            "past_due" => InvoiceStatus::PastDue,
            _ if Day::parse(&self.due_on).is_some_and(|due| due < today) => InvoiceStatus::PastDue,
            _ => InvoiceStatus::Due,
        };
        InvoiceSummary {
            id: self.id,
            number: self.number,
            issued_on: self.issued_on,
            due_on: self.due_on,
            billing_profile_id: self.billing_profile_id,
            billing_profile_name: self.billing_profile_name,
            amount: Money { amount_minor: charged.max(0), currency: self.currency },
            status,
        }
    }
}

const SUMMARY_COLUMNS: &str =
    "i.id, i.number, i.issued_on, i.due_on, i.billing_profile_id, bp.name AS billing_profile_name,
        i.total_minor, i.credit_applied_minor, i.currency, i.status";

/// Which invoices: the period (both days included) and, optionally, one profile.
pub struct Period<'a> {
    /// First day.
    pub from: Day,
    /// Last day.
    pub to: Day,
    /// Only this profile's (empty: every visible profile's).
    pub billing_profile_id: &'a str,
}

/// One page of the period's invoices, newest first, and how many the period has. Walks
/// `invoices_by_profile` (profile, issued_on, id) for each visible profile.
pub async fn page(
    conn: &mut AnyConnection,
    viewer: Viewer<'_>,
    period: &Period<'_>,
    offset: i64,
    limit: i64,
    today: Day,
) -> sqlx::Result<(Vec<InvoiceSummary>, i64)> {
    let filter =
        format!("{VISIBLE} AND i.issued_on >= $4 AND i.issued_on <= $5 AND ($6 = '' OR i.billing_profile_id = $6)");
    let count = format!("SELECT COUNT(*) FROM invoices i WHERE {filter}");
    let total: i64 =
        sqlx::query_scalar_with(&count, period_arguments(viewer, period, None)?).fetch_one(&mut *conn).await?;
    let rows: Vec<SummaryRow> = sqlx::query_as_with(
        &format!(
            "SELECT {SUMMARY_COLUMNS} FROM invoices i JOIN billing_profiles bp ON bp.id = i.billing_profile_id
             WHERE {filter} ORDER BY i.issued_on DESC, i.id DESC LIMIT $7 OFFSET $8"
        ),
        period_arguments(viewer, period, Some((limit, offset)))?,
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok((rows.into_iter().map(|r| r.into_summary(today)).collect(), total))
}

/// `$1`–`$6` of the period's filter (the count and the page bind the same), then the page's
/// limit and offset (`$7`, `$8`) when given.
fn period_arguments<'q>(
    viewer: Viewer<'q>,
    period: &Period<'q>,
    page: Option<(i64, i64)>,
) -> sqlx::Result<AnyArguments<'q>> {
    let add = || -> Result<AnyArguments<'q>, BoxDynError> {
        let mut arguments = viewer.arguments()?;
        arguments.add(period.from.to_string())?;
        arguments.add(period.to.to_string())?;
        arguments.add(period.billing_profile_id)?;
        if let Some((limit, offset)) = page {
            arguments.add(limit)?;
            arguments.add(offset)?;
        }
        Ok(arguments)
    };
    add().map_err(sqlx::Error::Encode)
}

/// Every invoice of an organization with a line of the subscription, newest first (the
/// caller has checked the person may see the subscription: its purchaser or an admin).
pub async fn of_subscription(
    conn: &mut AnyConnection,
    organization_id: &str,
    subscription_id: &str,
    today: Day,
) -> sqlx::Result<Vec<InvoiceSummary>> {
    let rows: Vec<SummaryRow> = sqlx::query_as(&format!(
        "SELECT {SUMMARY_COLUMNS} FROM invoices i JOIN billing_profiles bp ON bp.id = i.billing_profile_id
         WHERE i.organization_id = $1
           AND i.id IN (SELECT l.invoice_id FROM invoice_lines l WHERE l.subscription_id = $2)
         ORDER BY i.issued_on DESC, i.id DESC"
    ))
    .bind(organization_id)
    .bind(subscription_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().map(|r| r.into_summary(today)).collect())
}

/// One invoice with what its details page and PDF need (the seller is added by the caller).
pub struct Invoice {
    /// The row the list shows.
    pub summary: InvoiceSummary,
    /// The billing profile's sold-to and bill-to.
    pub sold_to: Party,
    /// Bill-to.
    pub bill_to: Party,
    /// Lines, in order.
    pub lines: Vec<InvoiceLineItem>,
    /// Before tax.
    pub subtotal_minor: i64,
    /// Tax rate (basis points).
    pub tax_rate_bp: i64,
    /// Tax.
    pub tax_minor: i64,
    /// Subtotal plus tax.
    pub total_minor: i64,
    /// Credits taken off.
    pub credit_applied_minor: i64,
    /// The card charged.
    pub payment: Option<InvoicePayment>,
}

#[derive(FromRow)]
struct DetailRow {
    subtotal_minor: i64,
    tax_minor: i64,
    tax_rate_bp: Option<i64>,
    profile_tax_rate_bp: i64,
    payment_brand: Option<String>,
    payment_last4: Option<String>,
}

/// An invoice the viewer may see.
pub async fn find(conn: &mut AnyConnection, viewer: Viewer<'_>, id: &str, today: Day) -> sqlx::Result<Option<Invoice>> {
    let summary: Option<SummaryRow> = viewer
        .bind(sqlx::query_as(&format!(
            "SELECT {SUMMARY_COLUMNS} FROM invoices i JOIN billing_profiles bp ON bp.id = i.billing_profile_id
         WHERE {VISIBLE} AND i.id = $4"
        )))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    let Some(summary) = summary else { return Ok(None) };
    let (total_minor, credit_applied_minor) = (summary.total_minor, summary.credit_applied_minor);
    let summary = summary.into_summary(today);
    let detail: DetailRow = sqlx::query_as(
        "SELECT i.subtotal_minor, i.tax_minor, i.tax_rate_bp, bp.tax_rate_bp AS profile_tax_rate_bp, i.payment_brand, i.payment_last4
         FROM invoices i JOIN billing_profiles bp ON bp.id = i.billing_profile_id WHERE i.id = $1",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    let profile_name: String = sqlx::query_scalar("SELECT name FROM billing_profiles WHERE id = $1")
        .bind(&summary.billing_profile_id)
        .fetch_one(&mut *conn)
        .await?;
    let (sold_to, bill_to) =
        super::billing_accounts::addresses(&mut *conn, &summary.billing_profile_id, &profile_name).await?;
    type LineRow = (String, i64, i64, i64, Option<String>, Option<String>, i64);
    let lines: Vec<LineRow> = sqlx::query_as(
        "SELECT description, quantity, unit_price_minor, amount_minor, period_start, period_end, prorated
         FROM invoice_lines WHERE invoice_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let currency = summary.amount.currency.clone();
    let money = |amount_minor| Money { amount_minor, currency: currency.clone() };
    Ok(Some(Invoice {
        lines: lines
            .into_iter()
            .map(|(product, quantity, unit, amount, period_start, period_end, prorated)| InvoiceLineItem {
                product,
                quantity,
                unit_price: money(unit),
                amount: money(amount),
                period_start,
                period_end,
                prorated: prorated == 1,
            })
            .collect(),
        sold_to,
        bill_to,
        subtotal_minor: detail.subtotal_minor,
        tax_rate_bp: detail.tax_rate_bp.unwrap_or(detail.profile_tax_rate_bp),
        tax_minor: detail.tax_minor,
        total_minor,
        credit_applied_minor,
        payment: match (detail.payment_brand, detail.payment_last4) {
            (Some(brand), Some(last4)) => Some(InvoicePayment { brand: brand_of(&brand)?, last4 }),
            _ => None,
        },
        summary,
    }))
}
