//! Billing records: billing profiles, saved cards, invoices and credits.

use portal_api::cards::{CardBrand, CardInput};
use portal_api::purchases::{PaymentMethod, PriceLines};
use sqlx::{Any, FromRow, Transaction};

use super::{Db, new_id};
use crate::payments::StoredCard;

/// The billing profile a purchase is charged to and invoiced on.
#[derive(Debug, Clone, FromRow)]
pub struct BillingProfile {
    pub id: String,
    pub name: String,
    pub tax_rate_bp: i64,
}

/// The billing profile a person's self-service purchases go on: the first of the billing
/// accounts they own.
pub async fn default_profile<'e, E>(
    executor: E,
    organization_id: &str,
    owner_id: &str,
) -> sqlx::Result<Option<BillingProfile>>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    sqlx::query_as(
        "SELECT bp.id, bp.name, bp.tax_rate_bp FROM billing_profiles bp JOIN billing_accounts a ON a.id = bp.billing_account_id
         WHERE bp.organization_id = $1 AND a.owner_id = $2 ORDER BY bp.id LIMIT 1",
    )
    .bind(organization_id)
    .bind(owner_id)
    .fetch_optional(executor)
    .await
}

/// A billing profile by id.
pub async fn profile<'e, E>(executor: E, organization_id: &str, id: &str) -> sqlx::Result<Option<BillingProfile>>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    sqlx::query_as("SELECT id, name, tax_rate_bp FROM billing_profiles WHERE organization_id = $1 AND id = $2")
        .bind(organization_id)
        .bind(id)
        .fetch_optional(executor)
        .await
}

#[derive(FromRow)]
struct PaymentMethodRow {
    id: String,
    brand: String,
    last4: String,
    expiry_month: i64,
    expiry_year: i64,
    name_on_card: String,
}

/// The cards a person saved, newest first.
pub async fn payment_methods(db: &Db, organization_id: &str, owner_id: &str) -> sqlx::Result<Vec<PaymentMethod>> {
    let rows: Vec<PaymentMethodRow> = sqlx::query_as(
        "SELECT id, brand, last4, expiry_month, expiry_year, name_on_card FROM payment_methods
         WHERE organization_id = $1 AND owner_id = $2 ORDER BY created_at DESC, id",
    )
    .bind(organization_id)
    .bind(owner_id)
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(PaymentMethod {
                id: r.id,
                brand: brand_of(&r.brand)?,
                last4: r.last4,
                expiry_month: u8::try_from(r.expiry_month).unwrap_or(1),
                expiry_year: u16::try_from(r.expiry_year).unwrap_or(2000),
                name_on_card: r.name_on_card,
            })
        })
        .collect()
}

/// The brand a stored brand name stands for; an unknown one is a decoding error.
pub fn brand_of(text: &str) -> sqlx::Result<CardBrand> {
    [CardBrand::Visa, CardBrand::Mastercard, CardBrand::Amex]
        .into_iter()
        .find(|brand| brand_name(*brand) == text)
        .ok_or_else(|| sqlx::Error::Decode(format!("unknown card brand {text:?}").into()))
}

/// The name a brand is stored under.
pub fn brand_name(brand: CardBrand) -> &'static str {
    match brand {
        CardBrand::Visa => "visa",
        CardBrand::Mastercard => "mastercard",
        CardBrand::Amex => "amex",
    }
}

/// The gateway token of one of the person's own cards.
pub async fn token_of<'e, E>(
    executor: E,
    organization_id: &str,
    owner_id: &str,
    id: &str,
) -> sqlx::Result<Option<String>>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    sqlx::query_scalar(
        "SELECT gateway_token FROM payment_methods WHERE organization_id = $1 AND owner_id = $2 AND id = $3",
    )
    .bind(organization_id)
    .bind(owner_id)
    .bind(id)
    .fetch_optional(executor)
    .await
}

/// Saves a card the gateway accepted: its token, brand, last 4, expiry, name and address.
/// (The number and security code are not even passed in.)
pub async fn save_card(
    tx: &mut Transaction<'_, Any>,
    organization_id: &str,
    owner_id: &str,
    card: &StoredCard,
    holder: &CardInput,
    now: i64,
) -> sqlx::Result<String> {
    let id = new_id("pm");
    sqlx::query(
        "INSERT INTO payment_methods (id, organization_id, owner_id, gateway_token, brand, last4, expiry_month, expiry_year,
                                      name_on_card, address_line1, address_line2, city, postal_code, country, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15)",
    )
    .bind(&id)
    .bind(organization_id)
    .bind(owner_id)
    .bind(&card.token)
    .bind(brand_name(card.brand))
    .bind(&card.last4)
    .bind(i64::from(card.expiry_month))
    .bind(i64::from(card.expiry_year))
    .bind(holder.name_on_card.trim())
    .bind(holder.address.line1.trim())
    .bind(holder.address.line2.as_deref().map(str::trim).filter(|l| !l.is_empty()))
    .bind(holder.address.city.trim())
    .bind(holder.address.postal_code.trim())
    .bind(&holder.address.country)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

/// One line of a new invoice.
pub struct InvoiceLine<'a> {
    pub subscription_id: &'a str,
    pub description: String,
    pub quantity: i64,
    pub unit_price_minor: i64,
}

/// A new paid invoice for a charge made today; returns its number.
pub async fn invoice(
    tx: &mut Transaction<'_, Any>,
    organization_id: &str,
    billing_profile_id: &str,
    purchaser_id: &str,
    today: &str,
    line: InvoiceLine<'_>,
    price: &PriceLines,
) -> sqlx::Result<String> {
    let id = new_id("inv");
    let number = format!("G{}{}", &today[..4], hex::encode_upper(rand::random::<[u8; 4]>()));
    sqlx::query(
        "INSERT INTO invoices (id, organization_id, billing_profile_id, purchaser_id, number, issued_on, due_on, status,
                               subtotal_minor, tax_minor, total_minor, currency)
         VALUES ($1, $2, $3, $4, $5, $6, $6, 'paid', $7, $8, $9, $10)",
    )
    .bind(&id)
    .bind(organization_id)
    .bind(billing_profile_id)
    .bind(purchaser_id)
    .bind(&number)
    .bind(today)
    .bind(price.subtotal.amount_minor)
    .bind(price.tax.amount_minor)
    .bind(price.total.amount_minor)
    .bind(&price.total.currency)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO invoice_lines (id, invoice_id, subscription_id, description, quantity, unit_price_minor, amount_minor)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(format!("{id}_1"))
    .bind(&id)
    .bind(line.subscription_id)
    .bind(&line.description)
    .bind(line.quantity)
    .bind(line.unit_price_minor)
    .bind(price.subtotal.amount_minor)
    .execute(&mut **tx)
    .await?;
    // What the details page and the PDF show: the rate, the card charged (kept on the invoice,
    // so removing the card later does not change it) and the term the line covers.
    sqlx::query(
        "UPDATE invoices SET tax_rate_bp = $1,
             payment_brand = (SELECT pm.brand FROM subscriptions s JOIN payment_methods pm ON pm.id = s.payment_method_id WHERE s.id = $2),
             payment_last4 = (SELECT pm.last4 FROM subscriptions s JOIN payment_methods pm ON pm.id = s.payment_method_id WHERE s.id = $2)
         WHERE id = $3",
    )
    .bind(price.tax_rate_bp)
    .bind(line.subscription_id)
    .bind(&id)
    .execute(&mut **tx)
    .await?;
    let term_end: Option<String> = sqlx::query_scalar("SELECT term_end_date FROM subscriptions WHERE id = $1")
        .bind(line.subscription_id)
        .fetch_optional(&mut **tx)
        .await?;
    let period_end =
        term_end.as_deref().and_then(crate::billing::parse_day).map(|end| (end - time::Duration::days(1)).to_string());
    let prorated = line.quantity * line.unit_price_minor != price.subtotal.amount_minor;
    sqlx::query("UPDATE invoice_lines SET period_start = $1, period_end = $2, prorated = $3 WHERE invoice_id = $4")
        .bind(today)
        .bind(period_end)
        .bind(i64::from(prorated))
        .bind(&id)
        .execute(&mut **tx)
        .await?;
    Ok(number)
}

/// A credit owed to the billing profile, taken off its invoice on `applies_on`.
/// `price` holds the credit as negative amounts, as quotes show it.
#[allow(clippy::too_many_arguments)]
pub async fn credit(
    tx: &mut Transaction<'_, Any>,
    organization_id: &str,
    billing_profile_id: &str,
    subscription_id: &str,
    reason: &str,
    price: &PriceLines,
    applies_on: &str,
    now: i64,
) -> sqlx::Result<()> {
    if price.total.amount_minor == 0 {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO credits (id, organization_id, billing_profile_id, subscription_id, reason, subtotal_minor, tax_minor,
                              currency, applies_on, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(new_id("cr"))
    .bind(organization_id)
    .bind(billing_profile_id)
    .bind(subscription_id)
    .bind(reason)
    .bind(-price.subtotal.amount_minor)
    .bind(-price.tax.amount_minor)
    .bind(&price.total.currency)
    .bind(applies_on)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_card_brand_is_an_error_not_visa() {
        for brand in [CardBrand::Visa, CardBrand::Mastercard, CardBrand::Amex] {
            assert_eq!(brand_of(brand_name(brand)).ok(), Some(brand));
        }
        assert!(brand_of("discover").is_err());
        assert!(brand_of("").is_err());
    }
}
