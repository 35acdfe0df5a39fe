//! Saved cards for Bills & payments > Payment methods: what each is used by, edits, removal.
//! Only the gateway's token, brand, last 4, expiry, name and address are ever written.

use portal_api::cards::Address;
use portal_api::payment_methods::{CardUse, CardUseKind, ExpiryStatus, PaymentMethodDetails, PaymentMethodUpdate};
use sqlx::{AnyConnection, FromRow};

use super::billing::brand_of;
use super::billing_accounts::{Viewer, seen_by_viewer};
use super::subscriptions::HOLDING_STATUSES;

#[derive(FromRow)]
struct CardRow {
    id: String,
    owner_id: String,
    gateway_token: String,
    brand: String,
    last4: String,
    expiry_month: i64,
    expiry_year: i64,
    name_on_card: String,
    address_line1: String,
    address_line2: Option<String>,
    city: String,
    postal_code: String,
    country: String,
}

const CARD_COLUMNS: &str =
    "SELECT id, owner_id, gateway_token, brand, last4, expiry_month, expiry_year, name_on_card, address_line1,
        address_line2, city, postal_code, country FROM payment_methods";

/// The cards a viewer may see: their own; an admin, any of the organization.
const SEEN: &str = seen_by_viewer!("organization_id", "owner_id");

/// A saved card as the portal keeps it, for a change: its owner and gateway token.
pub struct StoredPaymentMethod {
    /// Who saved it.
    pub owner_id: String,
    /// The gateway's reference.
    pub gateway_token: String,
    /// The card, as the page shows it.
    pub details: PaymentMethodDetails,
}

/// The viewer's own cards, newest first, each with what uses it.
pub async fn list(
    conn: &mut AnyConnection,
    viewer: Viewer<'_>,
    today: (u16, u8),
) -> sqlx::Result<Vec<PaymentMethodDetails>> {
    let rows: Vec<CardRow> = sqlx::query_as(&format!(
        "{CARD_COLUMNS} WHERE organization_id = $1 AND owner_id = $2 ORDER BY created_at DESC, id"
    ))
    .bind(viewer.organization_id)
    .bind(viewer.user_id)
    .fetch_all(&mut *conn)
    .await?;
    let uses = uses_of_owner(conn, viewer.organization_id, viewer.user_id).await?;
    rows.into_iter()
        .map(|row| {
            let used_by = uses.iter().filter(|(pm, _)| *pm == row.id).map(|(_, u)| u.clone()).collect();
            details(row, viewer, today, used_by)
        })
        .collect()
}

/// One card the viewer may see (their own; an admin: any of the organization).
pub async fn find(
    conn: &mut AnyConnection,
    viewer: Viewer<'_>,
    id: &str,
    today: (u16, u8),
) -> sqlx::Result<Option<StoredPaymentMethod>> {
    let row: Option<CardRow> = viewer
        .bind(sqlx::query_as(&format!("{CARD_COLUMNS} WHERE {SEEN} AND id = $4")))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    let Some(mut row) = row else { return Ok(None) };
    let used_by = uses(conn, viewer.organization_id, id).await?;
    let (owner_id, gateway_token) = (row.owner_id.clone(), std::mem::take(&mut row.gateway_token));
    Ok(Some(StoredPaymentMethod { owner_id, gateway_token, details: details(row, viewer, today, used_by)? }))
}

fn details(
    row: CardRow,
    viewer: Viewer<'_>,
    today: (u16, u8),
    used_by: Vec<CardUse>,
) -> sqlx::Result<PaymentMethodDetails> {
    let expiry_month = u8::try_from(row.expiry_month).unwrap_or(1);
    let expiry_year = u16::try_from(row.expiry_year).unwrap_or(2000);
    Ok(PaymentMethodDetails {
        can_change: row.owner_id == viewer.user_id,
        expiry_status: ExpiryStatus::of((expiry_year, expiry_month), today),
        id: row.id,
        brand: brand_of(&row.brand)?,
        last4: row.last4,
        expiry_month,
        expiry_year,
        name_on_card: row.name_on_card,
        address: Address {
            line1: row.address_line1,
            line2: row.address_line2,
            city: row.city,
            postal_code: row.postal_code,
            country: row.country,
        },
        used_by,
    })
}

/// What pays with a card: billing profiles, and subscriptions still running (active, a trial
/// that converts, or paid through the end of its term).
const USES: &str = "SELECT bp.payment_method_id AS pm, 'billing_profile' AS kind, bp.id, bp.name
       FROM billing_profiles bp WHERE bp.organization_id = $1 AND bp.payment_method_id IS NOT NULL AND {profile}
     UNION ALL
     SELECT s.payment_method_id AS pm, 'subscription' AS kind, s.id, p.name
       FROM subscriptions s JOIN products p ON p.id = s.product_id
       WHERE s.organization_id = $1 AND s.payment_method_id IS NOT NULL
         AND s.status IN {holding} AND {subscription}
     ORDER BY kind, name, id";

/// What pays with one card.
pub async fn uses(conn: &mut AnyConnection, organization_id: &str, id: &str) -> sqlx::Result<Vec<CardUse>> {
    let sql = USES
        .replace("{holding}", HOLDING_STATUSES)
        .replace("{profile}", "bp.payment_method_id = $2")
        .replace("{subscription}", "s.payment_method_id = $2");
    let rows: Vec<(String, String, String, String)> =
        sqlx::query_as(&sql).bind(organization_id).bind(id).fetch_all(&mut *conn).await?;
    Ok(rows.into_iter().map(|(_, kind, id, name)| card_use(&kind, id, name)).collect())
}

async fn uses_of_owner(
    conn: &mut AnyConnection,
    organization_id: &str,
    owner_id: &str,
) -> sqlx::Result<Vec<(String, CardUse)>> {
    let owned = "IN (SELECT id FROM payment_methods WHERE organization_id = $1 AND owner_id = $2)";
    let sql = USES
        .replace("{holding}", HOLDING_STATUSES)
        .replace("{profile}", &format!("bp.payment_method_id {owned}"))
        .replace("{subscription}", &format!("s.payment_method_id {owned}"));
    let rows: Vec<(String, String, String, String)> =
        sqlx::query_as(&sql).bind(organization_id).bind(owner_id).fetch_all(&mut *conn).await?;
    Ok(rows.into_iter().map(|(pm, kind, id, name)| (pm, card_use(&kind, id, name))).collect())
}

fn card_use(kind: &str, id: String, name: String) -> CardUse {
    let kind = if kind == "billing_profile" { CardUseKind::BillingProfile } else { CardUseKind::Subscription };
    CardUse { kind, id, name }
}

/// Writes an edit: expiry, name and address (the security code is never passed in here).
pub async fn update(
    conn: &mut AnyConnection,
    organization_id: &str,
    id: &str,
    change: &PaymentMethodUpdate,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE payment_methods SET expiry_month = $1, expiry_year = $2, name_on_card = $3, address_line1 = $4,
             address_line2 = $5, city = $6, postal_code = $7, country = $8, updated_at = $9
         WHERE organization_id = $10 AND id = $11",
    )
    .bind(i64::from(change.expiry_month))
    .bind(i64::from(change.expiry_year))
    .bind(change.name_on_card.trim())
    .bind(change.address.line1.trim())
    .bind(change.address.line2.as_deref().map(str::trim).filter(|l| !l.is_empty()))
    .bind(change.address.city.trim())
    .bind(change.address.postal_code.trim())
    .bind(&change.address.country)
    .bind(now)
    .bind(organization_id)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Deletes a card nothing uses (the caller checked `uses` in the same transaction).
pub async fn delete(conn: &mut AnyConnection, organization_id: &str, id: &str) -> sqlx::Result<()> {
    // Ended subscriptions keep no reference to a card that is gone.
    sqlx::query(
        "UPDATE subscriptions SET payment_method_id = NULL WHERE organization_id = $1 AND payment_method_id = $2",
    )
    .bind(organization_id)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM payment_methods WHERE organization_id = $1 AND id = $2")
        .bind(organization_id)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Takes the card's row lock as a change's first statement.
pub async fn lock(conn: &mut AnyConnection, organization_id: &str, id: &str) -> sqlx::Result<()> {
    super::lock_row(conn, "payment_methods", "updated_at", organization_id, id).await?;
    Ok(())
}
