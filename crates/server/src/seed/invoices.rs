//! Invoices spread over the last 14 months for every demo purchaser (the team leads too, for
//! subscriptions that ended), so Past 3 months, Past 6 months and a date range each show
//! something different: the current subscriptions' terms, and subscriptions that ended before.

use sqlx::{Any, Transaction};
use time::{Date, Duration};

use super::Seeder;
use crate::billing::add_months;

/// A run of invoices on one profile: (profile, purchaser, currency, tax bp, card brand, card last 4,
/// product, licenses, price per license per term, term months, subscription, months ago (from, to))
type Run = (
    &'static str,
    &'static str,
    &'static str,
    i64,
    &'static str,
    &'static str,
    &'static str,
    i64,
    i64,
    i32,
    Option<&'static str>,
    (i32, i32),
);

const RUNS: [Run; 11] = [
    (
        "bp_contoso",
        "usr_megan",
        "EUR",
        2100,
        "visa",
        "4242",
        "Power BI Pro",
        100,
        1400,
        1,
        Some("sub_megan_power_bi"),
        (0, 4),
    ),
    (
        "bp_contoso",
        "usr_megan",
        "EUR",
        2100,
        "visa",
        "4242",
        "Project Plan 3",
        10,
        30_000,
        12,
        Some("sub_megan_project"),
        (9, 9),
    ),
    (
        "bp_contoso",
        "usr_megan",
        "EUR",
        2100,
        "visa",
        "4242",
        "Power Apps Premium",
        5,
        1900,
        1,
        Some("sub_megan_power_apps"),
        (1, 2),
    ),
    ("bp_megan_denmark", "usr_megan", "EUR", 2500, "visa", "4242", "Power Automate Premium", 8, 1400, 1, None, (5, 14)),
    (
        "bp_alex",
        "usr_alex",
        "EUR",
        2100,
        "mastercard",
        "4444",
        "Power Automate Premium",
        3,
        1400,
        1,
        Some("sub_alex_power_automate"),
        (1, 1),
    ),
    ("bp_alex", "usr_alex", "EUR", 2100, "mastercard", "4444", "Power BI Pro", 2, 1400, 1, None, (2, 13)),
    (
        "bp_adele",
        "usr_adele",
        "EUR",
        2100,
        "visa",
        "1881",
        "Microsoft 365 E3",
        300,
        43_200,
        12,
        Some("sub_adele_m365"),
        (6, 6),
    ),
    ("bp_adele", "usr_adele", "EUR", 2100, "visa", "1881", "Power BI Pro", 10, 1400, 1, None, (7, 14)),
    (
        "bp_fabrikam",
        "usr_lars",
        "SEK",
        2500,
        "visa",
        "4242",
        "Power BI Pro",
        20,
        15_900,
        1,
        Some("sub_lars_power_bi"),
        (1, 3),
    ),
    ("bp_fabrikam", "usr_lars", "SEK", 2500, "visa", "4242", "Power Apps Premium", 4, 21_000, 1, None, (4, 14)),
    // one invoice settled entirely by a credit (licenses removed the month before)
    ("bp_contoso", "usr_megan", "EUR", 2100, "visa", "4242", "Power Automate Premium", 2, 1400, 1, None, (11, 11)),
];

/// The team leads (and the Licenses browser tests' people) bought nothing that still runs, but
/// each paid for subscriptions that ended: Power Automate Premium 1–5 months ago and Power BI
/// Pro 8–13 months ago, with their Visa.
const TEAM_LEADS: [(&str, &str); 10] = [
    ("bp_lee", "usr_lee"),
    ("bp_diego", "usr_diego"),
    ("bp_isaiah", "usr_isaiah"),
    ("bp_lynne", "usr_lynne"),
    ("bp_nestor", "usr_nestor"),
    ("bp_patti", "usr_patti"),
    ("bp_pradeep", "usr_pradeep"),
    ("bp_johanna", "usr_johanna"),
    ("bp_grady", "usr_grady"),
    ("bp_miriam", "usr_miriam"),
];

/// The index in `RUNS` of the credited invoice.
const CREDITED: usize = RUNS.len() - 1;

impl Seeder {
    pub(super) async fn invoices(&self, tx: &mut Transaction<'_, Any>) -> sqlx::Result<()> {
        let mut runs: Vec<Run> = RUNS.to_vec();
        for (profile, purchaser) in TEAM_LEADS {
            runs.push((
                profile,
                purchaser,
                "EUR",
                2100,
                "visa",
                "4242",
                "Power Automate Premium",
                3,
                1400,
                1,
                None,
                (1, 5),
            ));
            runs.push((profile, purchaser, "EUR", 2100, "visa", "4242", "Power BI Pro", 2, 1400, 1, None, (8, 13)));
        }
        let mut bills: Vec<(Date, usize)> = Vec::new();
        for (run, (.., (newest, oldest))) in runs.iter().enumerate() {
            for months_ago in *newest..=*oldest {
                bills.push((add_months(self.today, -months_ago), run));
            }
        }
        bills.sort();
        for (n, (issued, run)) in bills.into_iter().enumerate() {
            let (profile, purchaser, currency, tax_bp, brand, last4, product, quantity, unit, term, subscription, _) =
                runs[run];
            let id = format!("inv_{}_{n:04}", &profile["bp_".len()..]);
            let subtotal = quantity * unit;
            let tax = portal_api::purchases::div_round(subtotal * tax_bp, 10_000);
            let credited = run == CREDITED;
            let status = if issued > self.today - Duration::days(14) { "due" } else { "paid" };
            sqlx::query(
                "INSERT INTO invoices (id, organization_id, billing_profile_id, purchaser_id, number, issued_on, due_on, status,
                                       subtotal_minor, tax_minor, total_minor, currency, credit_applied_minor, tax_rate_bp,
                                       payment_brand, payment_last4)
                 SELECT $1, bp.organization_id, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15
                 FROM billing_profiles bp WHERE bp.id = $2",
            )
            .bind(&id)
            .bind(profile)
            .bind(purchaser)
            .bind(format!("G{}{:06}", issued.year(), 1000 + n))
            .bind(issued.to_string())
            .bind((issued + Duration::days(30)).to_string())
            .bind(status)
            .bind(subtotal)
            .bind(tax)
            .bind(subtotal + tax)
            .bind(currency)
            .bind(if credited { subtotal + tax } else { 0 })
            .bind(tax_bp)
            .bind((!credited).then_some(brand))
            .bind((!credited).then_some(last4))
            .execute(&mut **tx)
            .await?;
            let description = if term == 12 { format!("{product} (12 months)") } else { product.to_owned() };
            sqlx::query(
                "INSERT INTO invoice_lines (id, invoice_id, subscription_id, description, quantity, unit_price_minor, amount_minor,
                                            period_start, period_end, prorated)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0)",
            )
            .bind(format!("{id}_1"))
            .bind(&id)
            .bind(subscription)
            .bind(description)
            .bind(quantity)
            .bind(unit)
            .bind(subtotal)
            .bind(issued.to_string())
            .bind((add_months(issued, term) - Duration::days(1)).to_string())
            .execute(&mut **tx)
            .await?;
        }
        Ok(())
    }
}
