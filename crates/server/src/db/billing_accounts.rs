//! Billing accounts and billing profiles: who owns them, their addresses, recipients and card.

use portal_api::billing_accounts::{BillingAccount, BillingProfileDetails, BillingProfileSummary, ProfileSubscription};
use portal_api::invoices::Party;
use portal_api::purchases::PaymentMethod;
use portal_api::subscriptions::SubscriptionStatus;
use sqlx::any::AnyArguments;
use sqlx::error::BoxDynError;
use sqlx::query::QueryAs;
use sqlx::{Any, AnyConnection, Arguments, FromRow, Transaction};

use super::Db;
use super::billing::brand_of;

/// Who is asking: every read is scoped to their organization; they see what they own, and an
/// admin sees everything of the organization (read-only).
#[derive(Debug, Clone, Copy)]
pub struct Viewer<'a> {
    /// The person's organization.
    pub organization_id: &'a str,
    /// The person.
    pub user_id: &'a str,
    /// Whether they are an admin of the organization.
    pub is_admin: bool,
}

/// What a viewer may see of billing, in SQL: the rows of their organization (`$1`) that they
/// own (`$2`), or every row of it for an admin (`$3` is 1). The two arguments name the
/// organization and owner columns. Every read that takes a [`Viewer`] says it with this and binds
/// `$1`–`$3` with [`Viewer::bind`] (or [`Viewer::arguments`]); its own arguments start at `$4`.
macro_rules! seen_by_viewer {
    ($organization:literal, $owner:literal) => {
        concat!($organization, " = $1 AND (", $owner, " = $2 OR $3 = 1)")
    };
}
pub(crate) use seen_by_viewer;

impl<'a> Viewer<'a> {
    /// Binds `$1`–`$3` of [`seen_by_viewer!`]: the organization, the person, 1 for an admin.
    pub fn bind<'q, O>(self, query: QueryAs<'q, Any, O, AnyArguments<'q>>) -> QueryAs<'q, Any, O, AnyArguments<'q>>
    where
        'a: 'q,
    {
        query.bind(self.organization_id).bind(self.user_id).bind(i64::from(self.is_admin))
    }

    /// `$1`–`$3` of [`seen_by_viewer!`] as the start of a query's arguments.
    pub fn arguments(self) -> Result<AnyArguments<'a>, BoxDynError> {
        let mut arguments = AnyArguments::default();
        arguments.add(self.organization_id)?;
        arguments.add(self.user_id)?;
        arguments.add(i64::from(self.is_admin))?;
        Ok(arguments)
    }
}

#[derive(FromRow)]
struct AccountRow {
    id: String,
    name: String,
    account_type: String,
    owner_id: Option<String>,
    owner_name: Option<String>,
    profiles: i64,
}

impl AccountRow {
    fn into_account(self, viewer: Viewer<'_>) -> BillingAccount {
        BillingAccount {
            can_change: self.owner_id.as_deref() == Some(viewer.user_id),
            id: self.id,
            name: self.name,
            account_type: self.account_type,
            owner_name: self.owner_name.unwrap_or_default(),
            billing_profile_count: self.profiles,
        }
    }
}

const ACCOUNT_SELECT: &str = concat!(
    "SELECT a.id, a.name, a.account_type, a.owner_id, u.display_name AS owner_name,
        (SELECT COUNT(*) FROM billing_profiles bp WHERE bp.billing_account_id = a.id) AS profiles
     FROM billing_accounts a LEFT JOIN users u ON u.id = a.owner_id
     WHERE ",
    seen_by_viewer!("a.organization_id", "a.owner_id")
);

/// The accounts the viewer may see, by name.
pub async fn accounts(db: &Db, viewer: Viewer<'_>) -> sqlx::Result<Vec<BillingAccount>> {
    let rows: Vec<AccountRow> =
        viewer.bind(sqlx::query_as(&format!("{ACCOUNT_SELECT} ORDER BY a.name, a.id"))).fetch_all(db).await?;
    Ok(rows.into_iter().map(|r| r.into_account(viewer)).collect())
}

/// One account the viewer may see.
pub async fn account(db: &Db, viewer: Viewer<'_>, id: &str) -> sqlx::Result<Option<BillingAccount>> {
    let row: Option<AccountRow> =
        viewer.bind(sqlx::query_as(&format!("{ACCOUNT_SELECT} AND a.id = $4"))).bind(id).fetch_optional(db).await?;
    Ok(row.map(|r| r.into_account(viewer)))
}

#[derive(FromRow)]
struct ProfileRow {
    id: String,
    name: String,
    billing_account_id: String,
    billing_account_name: String,
    currency: String,
    owner_id: Option<String>,
    pm_id: Option<String>,
    pm_brand: Option<String>,
    pm_last4: Option<String>,
    pm_expiry_month: Option<i64>,
    pm_expiry_year: Option<i64>,
    pm_name_on_card: Option<String>,
    tax_rate_bp: i64,
    invoice_email: String,
}

impl ProfileRow {
    fn summary(&self, viewer: Viewer<'_>) -> sqlx::Result<BillingProfileSummary> {
        let payment_method = match (&self.pm_id, &self.pm_brand, &self.pm_last4) {
            (Some(id), Some(brand), Some(last4)) => Some(PaymentMethod {
                id: id.clone(),
                brand: brand_of(brand)?,
                last4: last4.clone(),
                expiry_month: u8::try_from(self.pm_expiry_month.unwrap_or(1)).unwrap_or(1),
                expiry_year: u16::try_from(self.pm_expiry_year.unwrap_or(2000)).unwrap_or(2000),
                name_on_card: self.pm_name_on_card.clone().unwrap_or_default(),
            }),
            _ => None,
        };
        Ok(BillingProfileSummary {
            id: self.id.clone(),
            name: self.name.clone(),
            billing_account_id: self.billing_account_id.clone(),
            billing_account_name: self.billing_account_name.clone(),
            currency: self.currency.clone(),
            payment_method,
            can_change: self.owner_id.as_deref() == Some(viewer.user_id),
        })
    }
}

const PROFILE_SELECT: &str = concat!(
    "SELECT bp.id, bp.name, bp.billing_account_id, a.name AS billing_account_name, bp.currency,
        a.owner_id, pm.id AS pm_id, pm.brand AS pm_brand, pm.last4 AS pm_last4, pm.expiry_month AS pm_expiry_month,
        pm.expiry_year AS pm_expiry_year, pm.name_on_card AS pm_name_on_card, bp.tax_rate_bp, bp.invoice_email
     FROM billing_profiles bp
     JOIN billing_accounts a ON a.id = bp.billing_account_id
     LEFT JOIN payment_methods pm ON pm.id = bp.payment_method_id
     WHERE ",
    seen_by_viewer!("bp.organization_id", "a.owner_id")
);

/// The profiles the viewer may see, of one account or all, by account then name.
pub async fn profiles(
    db: &Db,
    viewer: Viewer<'_>,
    account_id: Option<&str>,
) -> sqlx::Result<Vec<BillingProfileSummary>> {
    let rows: Vec<ProfileRow> = viewer
        .bind(sqlx::query_as(&format!(
            "{PROFILE_SELECT} AND ($4 = '' OR bp.billing_account_id = $4) ORDER BY a.name, bp.name, bp.id"
        )))
        .bind(account_id.unwrap_or_default())
        .fetch_all(db)
        .await?;
    rows.iter().map(|r| r.summary(viewer)).collect()
}

/// A profile the viewer may see, with everything its details page shows.
pub async fn profile_details(
    conn: &mut AnyConnection,
    viewer: Viewer<'_>,
    id: &str,
) -> sqlx::Result<Option<BillingProfileDetails>> {
    let Some(row): Option<ProfileRow> = viewer
        .bind(sqlx::query_as(&format!("{PROFILE_SELECT} AND bp.id = $4")))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Ok(None);
    };
    let (sold_to, bill_to) = addresses(&mut *conn, id, &row.name).await?;
    let invoice_recipients: Vec<String> =
        sqlx::query_scalar("SELECT email FROM invoice_recipients WHERE billing_profile_id = $1 ORDER BY position")
            .bind(id)
            .fetch_all(&mut *conn)
            .await?;
    let subscriptions: Vec<(String, String, String, i64)> = sqlx::query_as(
        "SELECT s.id, p.name, s.status, s.recurring_billing FROM subscriptions s JOIN products p ON p.id = s.product_id
         WHERE s.organization_id = $1 AND s.billing_profile_id = $2 ORDER BY p.name, s.id",
    )
    .bind(viewer.organization_id)
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(Some(BillingProfileDetails {
        summary: row.summary(viewer)?,
        sold_to,
        bill_to,
        tax_rate_bp: row.tax_rate_bp,
        invoice_email: row.invoice_email,
        invoice_recipients,
        subscriptions: subscriptions
            .into_iter()
            .map(|(id, product_name, status, recurring)| ProfileSubscription {
                id,
                product_name,
                // an unknown status (none is written) reads as ended
                status: SubscriptionStatus::parse(&status).unwrap_or(SubscriptionStatus::Expired),
                recurring_billing: recurring == 1,
            })
            .collect(),
    }))
}

/// The sold-to and bill-to of a profile (the profile's name alone when none was recorded).
pub async fn addresses<'e, E>(executor: E, profile_id: &str, profile_name: &str) -> sqlx::Result<(Party, Party)>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    type Row = (String, String, String, Option<String>, String, String, String);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT kind, name, line1, line2, city, postal_code, country FROM billing_profile_addresses
         WHERE billing_profile_id = $1",
    )
    .bind(profile_id)
    .fetch_all(executor)
    .await?;
    let party = |kind: &str| {
        rows.iter()
            .find(|r| r.0 == kind)
            .map(|(_, name, line1, line2, city, postal_code, country)| Party {
                name: name.clone(),
                line1: line1.clone(),
                line2: line2.clone(),
                city: city.clone(),
                postal_code: postal_code.clone(),
                country: country.clone(),
            })
            .unwrap_or_else(|| Party {
                name: profile_name.to_owned(),
                line1: String::new(),
                line2: None,
                city: String::new(),
                postal_code: String::new(),
                country: String::new(),
            })
    };
    Ok((party("sold_to"), party("bill_to")))
}

/// A profile's owner and card, for a change: `None` when the viewer may not see it.
pub struct ProfileForChange {
    /// Who owns its account (None: nobody).
    pub owner_id: Option<String>,
    /// The card it pays with now.
    pub payment_method_id: Option<String>,
    /// Its extra invoice recipients now.
    pub recipients: Vec<String>,
}

/// Reads what a change needs, inside its transaction.
pub async fn for_change(
    conn: &mut AnyConnection,
    viewer: Viewer<'_>,
    id: &str,
) -> sqlx::Result<Option<ProfileForChange>> {
    let row: Option<(Option<String>, Option<String>)> = viewer
        .bind(sqlx::query_as(concat!(
            "SELECT a.owner_id, bp.payment_method_id FROM billing_profiles bp JOIN billing_accounts a ON a.id = bp.billing_account_id
             WHERE ",
            seen_by_viewer!("bp.organization_id", "a.owner_id"),
            " AND bp.id = $4"
        )))
        .bind(id)
        .fetch_optional(&mut *conn)
    .await?;
    let Some((owner_id, payment_method_id)) = row else { return Ok(None) };
    let recipients =
        sqlx::query_scalar("SELECT email FROM invoice_recipients WHERE billing_profile_id = $1 ORDER BY position")
            .bind(id)
            .fetch_all(&mut *conn)
            .await?;
    Ok(Some(ProfileForChange { owner_id, payment_method_id, recipients }))
}

/// Takes the profile's row lock (SQLite's write lock, PostgreSQL's row lock) as the change's
/// first statement, so two changes of one profile run one after the other.
pub async fn lock(tx: &mut Transaction<'_, Any>, organization_id: &str, id: &str) -> sqlx::Result<()> {
    super::lock_row(tx, "billing_profiles", "name", organization_id, id).await?;
    Ok(())
}

/// The profile, and its subscriptions that renew, pay with `payment_method_id` from now on.
/// Returns the ids of the subscriptions moved.
pub async fn replace_payment_method(
    tx: &mut Transaction<'_, Any>,
    organization_id: &str,
    id: &str,
    payment_method_id: &str,
    now: i64,
) -> sqlx::Result<Vec<String>> {
    sqlx::query("UPDATE billing_profiles SET payment_method_id = $1 WHERE organization_id = $2 AND id = $3")
        .bind(payment_method_id)
        .bind(organization_id)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    let renewing: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM subscriptions WHERE organization_id = $1 AND billing_profile_id = $2
           AND recurring_billing = 1 AND status IN ('active', 'trial') ORDER BY id",
    )
    .bind(organization_id)
    .bind(id)
    .fetch_all(&mut **tx)
    .await?;
    sqlx::query(
        "UPDATE subscriptions SET payment_method_id = $1, updated_at = $2 WHERE organization_id = $3 AND billing_profile_id = $4
           AND recurring_billing = 1 AND status IN ('active', 'trial')",
    )
    .bind(payment_method_id)
    .bind(now)
    .bind(organization_id)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(renewing)
}

/// Replaces the profile's extra invoice recipients.
pub async fn set_recipients(tx: &mut Transaction<'_, Any>, id: &str, recipients: &[String]) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM invoice_recipients WHERE billing_profile_id = $1").bind(id).execute(&mut **tx).await?;
    for (position, email) in recipients.iter().enumerate() {
        sqlx::query("INSERT INTO invoice_recipients (billing_profile_id, position, email) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(position as i64)
            .bind(email)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}
