//! Demo data, the same on every run: two organizations, their people, products, subscriptions,
//! billing accounts, payment methods and invoices. Seeded only into an empty database.

use std::collections::HashSet;

use portal_api::text::fold_for_search;
use sqlx::{Any, Transaction};
use time::{Date, Duration};

use crate::auth::hash_password;
use crate::billing::add_months;
use crate::config::Seed;
use crate::db::Db;
use crate::db::directory::{IndexedPerson, index_people};

/// Password of every demo sign-in.
pub const DEMO_PASSWORD: &str = "Portal-demo-2026";

/// The demo sign-ins: (email, who they are).
pub const DEMO_SIGN_INS: [(&str, &str); 5] = [
    ("megan.bowen@contoso.example", "user with self-service subscriptions and a trial"),
    ("alex.wilber@contoso.example", "another user of the same organization"),
    (
        "lee.gu@contoso.example",
        "a team lead with a card and nothing bought yet (also Diego Siciliani, Isaiah Langer, Lynne Robbins, Nestor Wilke)",
    ),
    ("adele.vance@contoso.example", "admin of Contoso"),
    ("lars.nystrom@fabrikam.example", "user of another organization, Fabrikam"),
];

/// People in Contoso's directory with the demo seed (the large seed has 100,000).
pub const DEMO_PEOPLE: usize = 2_000;
const LARGE_PEOPLE: usize = 100_000;
const FABRIKAM_PEOPLE: usize = 60;

/// Seeds `seed` into the database if it holds no organization yet. Returns whether it seeded.
pub async fn seed_if_empty(db: &Db, seed: Seed, today: Date, now: i64) -> anyhow::Result<bool> {
    if seed == Seed::None {
        return Ok(false);
    }
    let (organizations,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM organizations").fetch_one(db).await?;
    if organizations > 0 {
        return Ok(false);
    }
    let people = if seed == Seed::Large { LARGE_PEOPLE } else { DEMO_PEOPLE };
    let password_hash = hash_password(DEMO_PASSWORD)?;
    let mut tx = db.begin().await?;
    let s = Seeder { today, now, password_hash };
    s.organizations(&mut tx).await?;
    s.products(&mut tx).await?;
    s.people(&mut tx, "org_contoso", "contoso.example", people, &CONTOSO_NAMED).await?;
    s.people(&mut tx, "org_fabrikam", "fabrikam.example", FABRIKAM_PEOPLE, &FABRIKAM_NAMED).await?;
    s.billing(&mut tx).await?;
    s.subscriptions(&mut tx).await?;
    s.invoices(&mut tx).await?;
    tx.commit().await?;
    Ok(true)
}

/// (id, organization, product, purchaser, self-service, trial, status, recurring billing, licenses,
/// started, term end, people assigned)
type SeedSubscription =
    (&'static str, &'static str, &'static str, &'static str, i64, i64, &'static str, i64, i64, Date, Date, usize);

/// (id, display name, role, can sign in)
type Named = (&'static str, &'static str, &'static str, bool);

const CONTOSO_NAMED: [Named; 17] = [
    ("usr_megan", "Megan Bowen", "user", true),
    ("usr_alex", "Alex Wilber", "user", true),
    ("usr_adele", "Adele Vance", "admin", true),
    // team leads who buy for their teams (and the browser tests' people, one per language)
    ("usr_lee", "Lee Gu", "user", true),
    ("usr_diego", "Diego Siciliani", "user", true),
    ("usr_isaiah", "Isaiah Langer", "user", true),
    ("usr_lynne", "Lynne Robbins", "user", true),
    ("usr_nestor", "Nestor Wilke", "user", true),
    // the Licenses browser tests' people, one per language
    ("usr_patti", "Patti Fernandez", "user", true),
    ("usr_pradeep", "Pradeep Gupta", "user", true),
    ("usr_johanna", "Johanna Lorenz", "user", true),
    ("usr_grady", "Grady Archie", "user", true),
    ("usr_miriam", "Miriam Graham", "user", true),
    ("usr_soren", "Søren Ørsted", "user", false),
    ("usr_jurgen", "Jürgen Groß", "user", false),
    ("usr_asa", "Åsa Öberg", "user", false),
    ("usr_maarten", "Maarten de Vries", "user", false),
];
const FABRIKAM_NAMED: [Named; 1] = [("usr_lars", "Lars Nyström", "user", true)];

const FIRST_NAMES: [&str; 48] = [
    "Anna", "Astrid", "Bjørn", "Camille", "Daan", "Emma", "Eva", "Finn", "Frida", "Gustav", "Hanna", "Henrik", "Ida",
    "Ingrid", "Jakob", "Jens", "Johanna", "Julia", "Kai", "Karin", "Lars", "Lena", "Liam", "Linnea", "Lotte", "Lukas",
    "Mads", "Maja", "Marie", "Mathilde", "Max", "Mette", "Mia", "Niels", "Noah", "Nora", "Oskar", "Pieter", "Rasmus",
    "Sanne", "Sofie", "Stefan", "Thijs", "Tobias", "Ulla", "Vera", "Wiebke", "Zoë",
];
const LAST_NAMES: [&str; 48] = [
    "Andersen",
    "Bakker",
    "Becker",
    "Berg",
    "Christensen",
    "de Jong",
    "de Vries",
    "Dijkstra",
    "Ek",
    "Eriksson",
    "Fischer",
    "Hansen",
    "Hoffmann",
    "Holm",
    "Jansen",
    "Johansson",
    "Jørgensen",
    "Karlsson",
    "Koch",
    "Larsen",
    "Lindqvist",
    "Lundgren",
    "Meyer",
    "Møller",
    "Müller",
    "Nielsen",
    "Nilsson",
    "Nyström",
    "Pedersen",
    "Persson",
    "Richter",
    "Schäfer",
    "Schmidt",
    "Schneider",
    "Smit",
    "Sørensen",
    "Svensson",
    "van Dijk",
    "van den Berg",
    "Visser",
    "Wagner",
    "Weber",
    "Wolf",
    "Zimmermann",
    "Åberg",
    "Ødegaard",
    "Österberg",
    "Çelik",
];

/// SplitMix64: a tiny deterministic generator, so every seed run makes the same people.
struct Dice(u64);

impl Dice {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) % below as u64) as usize
    }
}

struct Seeder {
    today: Date,
    now: i64,
    password_hash: String,
}

impl Seeder {
    async fn organizations(&self, tx: &mut Transaction<'_, Any>) -> sqlx::Result<()> {
        for (id, name, currency, country) in
            [("org_contoso", "Contoso Ltd.", "EUR", "NL"), ("org_fabrikam", "Fabrikam AB", "SEK", "SE")]
        {
            sqlx::query(
                "INSERT INTO organizations (id, name, currency, country, created_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(name)
            .bind(currency)
            .bind(country)
            .bind(self.now)
            .execute(&mut **tx)
            .await?;
        }
        Ok(())
    }

    async fn products(&self, tx: &mut Transaction<'_, Any>) -> sqlx::Result<()> {
        // (key, name, description, EUR cents, SEK öre, term, max licenses, trial (days, licenses, card))
        type Product = (&'static str, &'static str, &'static str, i64, i64, &'static str, i64, Option<(i64, i64, i64)>);
        let catalog: [Product; 6] = [
            (
                "power_bi_pro",
                "Power BI Pro",
                "Self-service analytics: build and share reports.",
                1400,
                15_900,
                "monthly",
                1000,
                Some((30, 25, 0)),
            ),
            (
                "visio_plan_2",
                "Visio Plan 2",
                "Diagrams and flowcharts, in the browser and on the desktop.",
                1500,
                17_000,
                "annual",
                500,
                Some((30, 25, 0)),
            ),
            (
                "project_plan_3",
                "Project Plan 3",
                "Plan projects, manage resources and track time.",
                2500,
                28_000,
                "annual",
                500,
                Some((30, 25, 1)),
            ),
            (
                "power_apps_premium",
                "Power Apps Premium",
                "Build apps on your organization's data.",
                1900,
                21_000,
                "monthly",
                1000,
                None,
            ),
            (
                "power_automate_premium",
                "Power Automate Premium",
                "Automate workflows across apps and services.",
                1400,
                15_900,
                "monthly",
                1000,
                Some((30, 25, 1)),
            ),
            (
                "microsoft_365_e3",
                "Microsoft 365 E3",
                "Office apps, email and security for the whole organization.",
                3600,
                40_000,
                "annual",
                10_000,
                None,
            ),
        ];
        for (org, currency) in [("org_contoso", "EUR"), ("org_fabrikam", "SEK")] {
            for (key, name, description, eur, sek, term, max, trial) in catalog {
                let id = format!("prd_{key}_{}", currency.to_lowercase());
                let price = if currency == "EUR" { eur } else { sek };
                sqlx::query(
                    "INSERT INTO products (id, name, description, price_per_license_minor, currency, billing_term, max_licenses,
                                           trial_days, trial_licenses, trial_requires_card)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                )
                .bind(&id)
                .bind(name)
                .bind(description)
                .bind(price)
                .bind(currency)
                .bind(term)
                .bind(max)
                .bind(trial.map(|t| t.0))
                .bind(trial.map(|t| t.1))
                .bind(trial.map(|t| t.2))
                .execute(&mut **tx)
                .await?;
                // Microsoft 365 E3 is bought by admins only: offered, but not for self-service.
                let self_service = i64::from(key != "microsoft_365_e3");
                sqlx::query("INSERT INTO organization_products (organization_id, product_id, self_service_allowed) VALUES ($1, $2, $3)")
                    .bind(org)
                    .bind(&id)
                    .bind(self_service)
                    .execute(&mut **tx)
                    .await?;
            }
        }
        Ok(())
    }

    async fn people(
        &self,
        tx: &mut Transaction<'_, Any>,
        organization: &str,
        domain: &str,
        count: usize,
        named: &[Named],
    ) -> sqlx::Result<()> {
        let mut emails = HashSet::new();
        let mut rows: Vec<(String, String, String, &str, Option<&str>)> = Vec::with_capacity(count);
        let mut email_for = |name: &str| {
            let base = fold_for_search(name).replace(' ', ".");
            let mut email = format!("{base}@{domain}");
            let mut n = 2;
            while !emails.insert(email.clone()) {
                email = format!("{base}{n}@{domain}");
                n += 1;
            }
            email
        };
        for (id, name, role, can_sign_in) in named {
            let email = email_for(name);
            rows.push((
                id.to_string(),
                name.to_string(),
                email,
                role,
                can_sign_in.then_some(self.password_hash.as_str()),
            ));
        }
        let mut dice = Dice(organization.len() as u64 * 7919);
        let prefix = &organization[4..];
        for i in rows.len()..count {
            let name =
                format!("{} {}", FIRST_NAMES[dice.next(FIRST_NAMES.len())], LAST_NAMES[dice.next(LAST_NAMES.len())]);
            let email = email_for(&name);
            rows.push((format!("usr_{prefix}_{i:06}"), name, email, "user", None));
        }
        for batch in rows.chunks(200) {
            let mut sql = String::from(
                "INSERT INTO users (id, organization_id, display_name, email, search_text, role, password_hash, created_at) VALUES ",
            );
            for (i, _) in batch.iter().enumerate() {
                let p = i * 8;
                if i > 0 {
                    sql.push(',');
                }
                sql.push_str(&format!(
                    "(${}, ${}, ${}, ${}, ${}, ${}, ${}, ${})",
                    p + 1,
                    p + 2,
                    p + 3,
                    p + 4,
                    p + 5,
                    p + 6,
                    p + 7,
                    p + 8
                ));
            }
            let mut query = sqlx::query(&sql);
            for (id, name, email, role, hash) in batch {
                query = query
                    .bind(id.clone())
                    .bind(organization.to_owned())
                    .bind(name.clone())
                    .bind(email.clone())
                    .bind(fold_for_search(&format!("{name} {email}")))
                    .bind(role.to_string())
                    .bind(hash.map(str::to_owned))
                    .bind(self.now);
            }
            query.execute(&mut **tx).await?;
        }
        let indexed: Vec<IndexedPerson> = rows
            .into_iter()
            .map(|(id, name, email, ..)| (organization.to_owned(), id, fold_for_search(&format!("{name} {email}"))))
            .collect();
        index_people(tx, &indexed).await
    }

    async fn billing(&self, tx: &mut Transaction<'_, Any>) -> sqlx::Result<()> {
        // (org, account, profile, profile name, country, tax bp, invoice email, payment method, owner, name, street, city, postal)
        let rows = [
            (
                "org_contoso",
                "ba_contoso",
                "bp_contoso",
                "Contoso Ltd. – Netherlands",
                "NL",
                2100,
                "billing@contoso.example",
                "pm_megan_visa",
                "usr_megan",
                "Megan Bowen",
                "Herengracht 182",
                "Amsterdam",
                "1016 BR",
            ),
            (
                "org_fabrikam",
                "ba_fabrikam",
                "bp_fabrikam",
                "Fabrikam AB – Sverige",
                "SE",
                2500,
                "faktura@fabrikam.example",
                "pm_lars_visa",
                "usr_lars",
                "Lars Nyström",
                "Drottninggatan 12",
                "Stockholm",
                "111 51",
            ),
        ];
        for (org, account, profile, profile_name, country, tax, email, pm, owner, holder, street, city, postal) in rows
        {
            sqlx::query(
                "INSERT INTO billing_accounts (id, organization_id, name, account_type) VALUES ($1, $2, $3, $4)",
            )
            .bind(account)
            .bind(org)
            .bind(profile_name.split(" – ").next().unwrap_or(profile_name))
            .bind("customer_agreement")
            .execute(&mut **tx)
            .await?;
            sqlx::query(
                "INSERT INTO payment_methods (id, organization_id, owner_id, gateway_token, brand, last4, expiry_month, expiry_year,
                                              name_on_card, address_line1, address_line2, city, postal_code, country, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, 'visa', '4242', 12, $5, $6, $7, NULL, $8, $9, $10, $11, $11)",
            )
            .bind(pm)
            .bind(org)
            .bind(owner)
            .bind(format!("tok_demo_{pm}"))
            .bind(i64::from(self.today.year() + 3))
            .bind(holder)
            .bind(street)
            .bind(city)
            .bind(postal)
            .bind(country)
            .bind(self.now)
            .execute(&mut **tx)
            .await?;
            sqlx::query(
                "INSERT INTO billing_profiles (id, billing_account_id, organization_id, name, country, tax_rate_bp, invoice_email, payment_method_id)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(profile)
            .bind(account)
            .bind(org)
            .bind(profile_name)
            .bind(country)
            .bind(tax)
            .bind(email)
            .bind(pm)
            .execute(&mut **tx)
            .await?;
        }
        // Alex and Adele pay for what they bought with their own cards.
        for (pm, owner, brand, last4, holder) in [
            ("pm_alex_mastercard", "usr_alex", "mastercard", "4444", "Alex Wilber"),
            ("pm_adele_visa", "usr_adele", "visa", "1881", "Adele Vance"),
            ("pm_lee_visa", "usr_lee", "visa", "4242", "Lee Gu"),
            ("pm_diego_visa", "usr_diego", "visa", "4242", "Diego Siciliani"),
            ("pm_isaiah_visa", "usr_isaiah", "visa", "4242", "Isaiah Langer"),
            ("pm_lynne_visa", "usr_lynne", "visa", "4242", "Lynne Robbins"),
            ("pm_nestor_visa", "usr_nestor", "visa", "4242", "Nestor Wilke"),
            ("pm_patti_visa", "usr_patti", "visa", "4242", "Patti Fernandez"),
            ("pm_pradeep_visa", "usr_pradeep", "visa", "4242", "Pradeep Gupta"),
            ("pm_johanna_visa", "usr_johanna", "visa", "4242", "Johanna Lorenz"),
            ("pm_grady_visa", "usr_grady", "visa", "4242", "Grady Archie"),
            ("pm_miriam_visa", "usr_miriam", "visa", "4242", "Miriam Graham"),
        ] {
            sqlx::query(
                "INSERT INTO payment_methods (id, organization_id, owner_id, gateway_token, brand, last4, expiry_month, expiry_year,
                                              name_on_card, address_line1, address_line2, city, postal_code, country, created_at, updated_at)
                 VALUES ($1, 'org_contoso', $2, $3, $4, $5, 6, $6, $7, 'Herengracht 182', NULL, 'Amsterdam', '1016 BR', 'NL', $8, $8)",
            )
            .bind(pm)
            .bind(owner)
            .bind(format!("tok_demo_{pm}"))
            .bind(brand)
            .bind(last4)
            .bind(i64::from(self.today.year() + 2))
            .bind(holder)
            .bind(self.now)
            .execute(&mut **tx)
            .await?;
        }
        Ok(())
    }

    async fn subscriptions(&self, tx: &mut Transaction<'_, Any>) -> sqlx::Result<()> {
        let t = self.today;
        // (id, org, product, purchaser, self-service, trial, status, recurring, licenses, started, term end, assigned)
        let rows: [SeedSubscription; 7] = [
            (
                "sub_megan_power_bi",
                "org_contoso",
                "prd_power_bi_pro_eur",
                "usr_megan",
                1,
                0,
                "active",
                1,
                100,
                add_months(t, -4),
                add_months(t, 1),
                40,
            ),
            (
                "sub_megan_visio",
                "org_contoso",
                "prd_visio_plan_2_eur",
                "usr_megan",
                1,
                1,
                "trial",
                0,
                25,
                t - Duration::days(10),
                t + Duration::days(20),
                3,
            ),
            (
                "sub_megan_project",
                "org_contoso",
                "prd_project_plan_3_eur",
                "usr_megan",
                1,
                0,
                "recurring_billing_off",
                0,
                10,
                add_months(t, -9),
                add_months(t, 3),
                6,
            ),
            (
                "sub_megan_power_apps",
                "org_contoso",
                "prd_power_apps_premium_eur",
                "usr_megan",
                1,
                0,
                "canceled",
                0,
                5,
                add_months(t, -2),
                t - Duration::days(10),
                0,
            ),
            (
                "sub_alex_power_automate",
                "org_contoso",
                "prd_power_automate_premium_eur",
                "usr_alex",
                1,
                0,
                "active",
                1,
                3,
                add_months(t, -1),
                add_months(t, 1),
                2,
            ),
            (
                "sub_adele_m365",
                "org_contoso",
                "prd_microsoft_365_e3_eur",
                "usr_adele",
                0,
                0,
                "active",
                1,
                300,
                add_months(t, -6),
                add_months(t, 6),
                250,
            ),
            (
                "sub_lars_power_bi",
                "org_fabrikam",
                "prd_power_bi_pro_sek",
                "usr_lars",
                1,
                0,
                "active",
                1,
                20,
                add_months(t, -3),
                add_months(t, 1),
                5,
            ),
        ];
        for (
            id,
            org,
            product,
            purchaser,
            self_service,
            trial,
            status,
            recurring,
            licenses,
            started,
            term_end,
            assigned,
        ) in rows
        {
            let profile = if org == "org_contoso" { "bp_contoso" } else { "bp_fabrikam" };
            // each purchaser pays with their own card
            let payment = match purchaser {
                "usr_megan" => "pm_megan_visa",
                "usr_alex" => "pm_alex_mastercard",
                "usr_adele" => "pm_adele_visa",
                _ => "pm_lars_visa",
            };
            let canceled_at = (status == "canceled").then_some(self.now - 10 * 86_400);
            sqlx::query(
                "INSERT INTO subscriptions (id, organization_id, product_id, purchaser_id, billing_profile_id, payment_method_id,
                    self_service, is_trial, status, recurring_billing, total_licenses, price_per_license_minor, currency,
                    started_on, term_end_date, canceled_at, created_at, updated_at)
                 SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, p.price_per_license_minor, p.currency, $12, $13, $14, $15, $15
                 FROM products p WHERE p.id = $3",
            )
            .bind(id)
            .bind(org)
            .bind(product)
            .bind(purchaser)
            .bind(profile)
            .bind((trial == 0).then_some(payment))
            .bind(self_service)
            .bind(trial)
            .bind(status)
            .bind(recurring)
            .bind(licenses)
            .bind(started.to_string())
            .bind(term_end.to_string())
            .bind(canceled_at)
            .bind(self.now - (t - started).whole_seconds())
            .execute(&mut **tx)
            .await?;
            // The named people first, so the demo shows Søren, Jürgen and Åsa holding licenses.
            sqlx::query(
                "INSERT INTO license_assignments (subscription_id, user_id, organization_id, assigned_by, assigned_at)
                 SELECT $1, u.id, u.organization_id, $2, $3 FROM users u
                 WHERE u.organization_id = $4 AND u.password_hash IS NULL
                 ORDER BY CASE WHEN u.id IN ('usr_soren', 'usr_jurgen', 'usr_asa', 'usr_maarten') THEN 0 ELSE 1 END, u.id
                 LIMIT $5",
            )
            .bind(id)
            .bind(purchaser)
            .bind(self.now - 86_400)
            .bind(org)
            .bind(assigned as i64)
            .execute(&mut **tx)
            .await?;
        }
        Ok(())
    }

    async fn invoices(&self, tx: &mut Transaction<'_, Any>) -> sqlx::Result<()> {
        // Power BI Pro is billed monthly: one invoice a month for the last four months.
        // Project Plan 3 is billed yearly: one invoice nine months ago.
        let mut bills: Vec<(Date, &str, &str, i64, i64)> =
            (1..=4).map(|m| (add_months(self.today, -m), "sub_megan_power_bi", "Power BI Pro", 100, 1400)).collect();
        bills.push((add_months(self.today, -9), "sub_megan_project", "Project Plan 3 (12 months)", 10, 2500 * 12));
        bills.sort_by_key(|b| b.0);
        for (n, (issued, subscription, description, quantity, unit)) in bills.into_iter().enumerate() {
            let id = format!("inv_contoso_{n:04}");
            let subtotal = quantity * unit;
            let tax = subtotal * 2100 / 10_000;
            let status = if issued > self.today - Duration::days(14) { "due" } else { "paid" };
            sqlx::query(
                "INSERT INTO invoices (id, organization_id, billing_profile_id, purchaser_id, number, issued_on, due_on, status,
                                       subtotal_minor, tax_minor, total_minor, currency)
                 VALUES ($1, 'org_contoso', 'bp_contoso', 'usr_megan', $2, $3, $4, $5, $6, $7, $8, 'EUR')",
            )
            .bind(&id)
            .bind(format!("G{}{:06}", issued.year(), 1000 + n))
            .bind(issued.to_string())
            .bind((issued + Duration::days(30)).to_string())
            .bind(status)
            .bind(subtotal)
            .bind(tax)
            .bind(subtotal + tax)
            .execute(&mut **tx)
            .await?;
            sqlx::query(
                "INSERT INTO invoice_lines (id, invoice_id, subscription_id, description, quantity, unit_price_minor, amount_minor)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(format!("{id}_1"))
            .bind(&id)
            .bind(subscription)
            .bind(description)
            .bind(quantity)
            .bind(unit)
            .bind(subtotal)
            .execute(&mut **tx)
            .await?;
        }
        Ok(())
    }
}
