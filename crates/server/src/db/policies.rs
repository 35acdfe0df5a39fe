//! The self-service policy per product: Allow, Allow for trials only, Do not allow, with who
//! set it and when, and the organization's default for products of its catalog it has set
//! nothing for (those added to the catalog later). A change applies to new purchases and
//! trials only: nothing here touches a subscription.

use portal_api::self_service::{PolicyChange, PolicyList, ProductPolicy, SelfServicePolicy};
use sqlx::{Any, FromRow, Transaction};

use super::Db;
use super::audit::{self, AuditEvent};
use super::rfc3339;

/// A policy as the database keeps it; an unknown one is a decoding error.
pub fn policy_of(text: &str) -> sqlx::Result<SelfServicePolicy> {
    SelfServicePolicy::parse(text).ok_or_else(|| sqlx::Error::Decode(format!("unknown policy {text:?}").into()))
}

/// The organization's catalog (every product priced in its currency) with each product's
/// policy: its own row's, else the organization's default. `{CATALOG}` rows are `p` (product),
/// `o` (organization), `op` (its row, if any); bind the organization as `$1`.
pub(crate) const CATALOG: &str = "FROM products p
    JOIN organizations o ON o.currency = p.currency
    LEFT JOIN organization_products op ON op.organization_id = o.id AND op.product_id = p.id";

#[derive(FromRow)]
struct DefaultRow {
    default_policy: String,
    changed_by_name: Option<String>,
    default_policy_changed_at: Option<i64>,
}

#[derive(FromRow)]
struct PolicyRow {
    product_id: String,
    product_name: String,
    own_policy: Option<String>,
    changed_by_name: Option<String>,
    policy_changed_at: Option<i64>,
}

/// Every product of the organization's catalog with its policy, by name, and the default.
pub async fn list(db: &Db, organization_id: &str) -> sqlx::Result<Option<PolicyList>> {
    let default: Option<DefaultRow> = sqlx::query_as(
        "SELECT o.default_policy, u.display_name AS changed_by_name, o.default_policy_changed_at
         FROM organizations o LEFT JOIN users u ON u.id = o.default_policy_changed_by WHERE o.id = $1",
    )
    .bind(organization_id)
    .fetch_optional(db)
    .await?;
    let Some(default) = default else { return Ok(None) };
    let default_policy = policy_of(&default.default_policy)?;
    let rows: Vec<PolicyRow> = sqlx::query_as(&format!(
        "SELECT p.id AS product_id, p.name AS product_name, op.policy AS own_policy,
                u.display_name AS changed_by_name, op.policy_changed_at
         {CATALOG} LEFT JOIN users u ON u.id = op.policy_changed_by
         WHERE o.id = $1 ORDER BY p.name, p.id"
    ))
    .bind(organization_id)
    .fetch_all(db)
    .await?;
    let products = rows
        .into_iter()
        .map(|r| {
            let own = r.own_policy.as_deref().map(policy_of).transpose()?;
            Ok(ProductPolicy {
                product_id: r.product_id,
                product_name: r.product_name,
                policy: own.unwrap_or(default_policy),
                follows_default: own.is_none(),
                changed_by_name: own.and(r.changed_by_name),
                changed_at: own.and(r.policy_changed_at).map(rfc3339),
            })
        })
        .collect::<sqlx::Result<Vec<_>>>()?;
    Ok(Some(PolicyList {
        default_policy,
        default_changed_by_name: default.changed_by_name,
        default_changed_at: default.default_policy_changed_at.map(rfc3339),
        products,
    }))
}

/// Why a change was refused; nothing was changed.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// `products[i]` is not a product of the organization's catalog.
    UnknownProduct(usize),
}

/// Applies a (validated) change as `actor_id`: each product's policy that differs from what it
/// is (or that followed the default) is set, and the default if it differs; one audit event
/// per change, with the policy before and after. Returns how many things changed.
pub async fn change(
    tx: &mut Transaction<'_, Any>,
    organization_id: &str,
    actor_id: &str,
    change: &PolicyChange,
    now: i64,
) -> sqlx::Result<Result<usize, Refusal>> {
    // The write lock first (as `subscriptions::lock` does): on SQLite a transaction that reads
    // and then writes fails at once ("database is locked") when another write came in between;
    // on PostgreSQL two admins' changes take turns, so each "before" is what it replaced.
    sqlx::query("UPDATE organizations SET name = name WHERE id = $1").bind(organization_id).execute(&mut **tx).await?;
    // Every product is checked before anything is written.
    let mut current = Vec::with_capacity(change.products.len());
    for (i, product) in change.products.iter().enumerate() {
        let found: Option<(Option<String>,)> =
            sqlx::query_as(&format!("SELECT op.policy {CATALOG} WHERE o.id = $1 AND p.id = $2"))
                .bind(organization_id)
                .bind(&product.product_id)
                .fetch_optional(&mut **tx)
                .await?;
        let Some((own,)) = found else { return Ok(Err(Refusal::UnknownProduct(i))) };
        current.push(own.as_deref().map(policy_of).transpose()?);
    }
    let mut changed = 0;
    for (product, own) in change.products.iter().zip(current) {
        if own == Some(product.policy) {
            continue;
        }
        sqlx::query(
            "INSERT INTO organization_products (organization_id, product_id, self_service_allowed, policy, policy_changed_by, policy_changed_at)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (organization_id, product_id) DO UPDATE SET self_service_allowed = excluded.self_service_allowed,
                 policy = excluded.policy, policy_changed_by = excluded.policy_changed_by, policy_changed_at = excluded.policy_changed_at",
        )
        .bind(organization_id)
        .bind(&product.product_id)
        .bind(i64::from(product.policy.allows_buying()))
        .bind(product.policy.as_str())
        .bind(actor_id)
        .bind(now)
        .execute(&mut **tx)
        .await?;
        let before = match own {
            Some(policy) => serde_json::json!({ "policy": policy.as_str() }),
            None => serde_json::json!({ "policy": null, "follows_default": true }),
        };
        let event = AuditEvent::new(organization_id, actor_id, "policy.changed", "product", &product.product_id)
            .before(before)
            .after(serde_json::json!({ "policy": product.policy.as_str() }));
        audit::record(tx, event, now).await?;
        changed += 1;
    }
    if let Some(new_default) = change.default_policy {
        let (before,): (String,) = sqlx::query_as("SELECT default_policy FROM organizations WHERE id = $1")
            .bind(organization_id)
            .fetch_one(&mut **tx)
            .await?;
        if before != new_default.as_str() {
            sqlx::query(
                "UPDATE organizations SET default_policy = $1, default_policy_changed_by = $2, default_policy_changed_at = $3
                 WHERE id = $4",
            )
            .bind(new_default.as_str())
            .bind(actor_id)
            .bind(now)
            .bind(organization_id)
            .execute(&mut **tx)
            .await?;
            let event =
                AuditEvent::new(organization_id, actor_id, "policy.default_changed", "organization", organization_id)
                    .before(serde_json::json!({ "default_policy": before }))
                    .after(serde_json::json!({ "default_policy": new_default.as_str() }));
            audit::record(tx, event, now).await?;
            changed += 1;
        }
    }
    Ok(Ok(changed))
}
