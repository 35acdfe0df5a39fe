//! The admin's side in the demo: products under each policy, Contoso's own (admin-managed)
//! subscriptions of them with free licenses, license requests and the admin's notices.
//!
//! For the browser tests of the policy flows only (no other test reads these products):
//! * Microsoft Teams Premium: Allow; a test sets it to Do not allow, requests licenses and
//!   answers the request (Adele's `sub_adele_teams_premium` has 50 licenses, none assigned).
//! * Microsoft Clipchamp: Allow for trials only (a 30-day trial of 25 licenses, no card).
//! * Microsoft 365 Copilot: Do not allow; Adele's `sub_adele_copilot` has 20 licenses, 2
//!   assigned (Adele, Lynne); requests `lrq_lee_copilot` (Lee for himself, Diego and Isaiah)
//!   and `lrq_alex_copilot` (Alex) are pending, `lrq_lynne_copilot` was partly approved.
//! * Power Pages: in the catalog, and Contoso has set nothing for it: it follows the default.

use sqlx::{Any, Transaction};

use super::Seeder;
use super::catalog::{NewProduct, insert_product, offer};
use crate::billing::add_months;

/// (key, name, description, EUR cents, term, max licenses, trial (days, licenses, card), Contoso's policy)
type Product =
    (&'static str, &'static str, &'static str, i64, &'static str, i64, Option<(i64, i64, i64)>, Option<&'static str>);

const PRODUCTS: [Product; 4] = [
    (
        "teams_premium",
        "Microsoft Teams Premium",
        "Intelligent meeting recaps, branded meetings and advanced webinars.",
        1000,
        "annual",
        1000,
        None,
        Some("allow"),
    ),
    (
        "clipchamp",
        "Microsoft Clipchamp",
        "Create and edit videos for work.",
        1200,
        "monthly",
        500,
        Some((30, 25, 0)),
        Some("trials_only"),
    ),
    (
        "copilot",
        "Microsoft 365 Copilot",
        "An AI assistant in the apps people use every day.",
        3000,
        "annual",
        1000,
        None,
        Some("do_not_allow"),
    ),
    ("power_pages", "Power Pages", "Build secure business websites.", 1800, "monthly", 1000, None, None),
];

/// (id, requester, product key, people, message, days ago, answer (status, people approved, message))
type Request = (
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    Option<&'static str>,
    i64,
    Option<(&'static str, &'static [&'static str], &'static str)>,
);

const REQUESTS: [Request; 3] = [
    (
        "lrq_lee_copilot",
        "usr_lee",
        "copilot",
        &["usr_lee", "usr_diego", "usr_isaiah"],
        Some("Our team drafts the quarterly reports; Copilot would save us days."),
        2,
        None,
    ),
    ("lrq_alex_copilot", "usr_alex", "copilot", &["usr_alex"], None, 1, None),
    (
        "lrq_lynne_copilot",
        "usr_lynne",
        "copilot",
        &["usr_lynne", "usr_nestor"],
        Some("For the two of us in sales operations."),
        20,
        Some(("partly_approved", &["usr_lynne"], "One license for now; Nestor gets one next quarter.")),
    ),
];

impl Seeder {
    pub(super) async fn self_service(&self, tx: &mut Transaction<'_, Any>) -> sqlx::Result<()> {
        for (key, name, description, eur, term, max, trial, policy) in PRODUCTS {
            let id = format!("prd_{key}_eur");
            let product = NewProduct {
                id: &id,
                name,
                description,
                price_minor: eur,
                currency: "EUR",
                term,
                max_licenses: max,
                trial,
            };
            insert_product(tx, product).await?;
            if let Some(policy) = policy {
                offer(tx, "org_contoso", &id, policy).await?;
            }
        }

        // Contoso's own subscriptions: where approved requests take their licenses.
        for (id, product, licenses, assigned) in [
            ("sub_adele_teams_premium", "prd_teams_premium_eur", 50_i64, &[][..]),
            ("sub_adele_copilot", "prd_copilot_eur", 20, &["usr_adele", "usr_lynne"][..]),
        ] {
            let started = add_months(self.today, -3);
            sqlx::query(
                "INSERT INTO subscriptions (id, organization_id, product_id, purchaser_id, billing_profile_id, payment_method_id,
                    self_service, is_trial, status, recurring_billing, total_licenses, price_per_license_minor, currency,
                    started_on, term_end_date, canceled_at, created_at, updated_at)
                 SELECT $1, 'org_contoso', $2, 'usr_adele', 'bp_adele', 'pm_adele_visa', 0, 0, 'active', 1, $3,
                        p.price_per_license_minor, p.currency, $4, $5, NULL, $6, $6
                 FROM products p WHERE p.id = $2",
            )
            .bind(id)
            .bind(product)
            .bind(licenses)
            .bind(started.to_string())
            .bind(add_months(started, 12).to_string())
            .bind(self.now - (self.today - started).whole_seconds())
            .execute(&mut **tx)
            .await?;
            for user in assigned {
                sqlx::query(
                    "INSERT INTO license_assignments (subscription_id, user_id, organization_id, assigned_by, assigned_at)
                     VALUES ($1, $2, 'org_contoso', 'usr_adele', $3)",
                )
                .bind(id)
                .bind(user)
                .bind(self.now - 20 * 86_400)
                .execute(&mut **tx)
                .await?;
            }
        }

        for (id, requester, product, people, message, days_ago, answer) in REQUESTS {
            let product = format!("prd_{product}_eur");
            let sent = self.now - days_ago * 86_400;
            sqlx::query(
                "INSERT INTO license_requests (id, organization_id, product_id, requester_id, message, status, created_at,
                                               answered_at, answered_by, answer_message)
                 VALUES ($1, 'org_contoso', $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(id)
            .bind(&product)
            .bind(requester)
            .bind(message)
            .bind(answer.map_or("pending", |a| a.0))
            .bind(sent)
            .bind(answer.map(|_| sent + 86_400))
            .bind(answer.map(|_| "usr_adele"))
            .bind(answer.map(|a| a.2))
            .execute(&mut **tx)
            .await?;
            for (position, user) in people.iter().enumerate() {
                let status = match answer {
                    None => "pending",
                    Some((_, approved, _)) if approved.contains(user) => "approved",
                    Some(_) => "declined",
                };
                sqlx::query(
                    "INSERT INTO license_request_people (request_id, user_id, position, status) VALUES ($1, $2, $3, $4)",
                )
                .bind(id)
                .bind(user)
                .bind(position as i64)
                .bind(status)
                .execute(&mut **tx)
                .await?;
            }
            // Adele heard of each request; Lynne of the answer.
            let mut notices = vec![("usr_adele", "license_request", requester, sent, answer.is_some())];
            if answer.is_some() {
                notices.push((requester, "request_answered", "usr_adele", sent + 86_400, false));
            }
            for (recipient, kind, actor, at, read) in notices {
                sqlx::query(
                    "INSERT INTO notices (id, organization_id, recipient_id, kind, subject_id, product_id, actor_id, created_at, read_at)
                     VALUES ($1, 'org_contoso', $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(format!("ntc_{kind}_{id}"))
                .bind(recipient)
                .bind(kind)
                .bind(id)
                .bind(&product)
                .bind(actor)
                .bind(at)
                .bind(read.then_some(at + 3_600))
                .execute(&mut **tx)
                .await?;
            }
        }
        Ok(())
    }
}
