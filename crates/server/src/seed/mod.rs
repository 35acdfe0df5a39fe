//! Demo data, the same on every run: two organizations, their people, products, subscriptions,
//! billing accounts, payment methods and invoices. Seeded only into an empty database.
//!
//! One file per part: `catalog` (organizations and products), `people` (the directory),
//! `billing` (billing accounts, profiles and cards), `subscriptions`, `invoices`, `self_service`
//! (products under each policy, license requests, notices).

mod billing;
pub mod bulk;
mod catalog;
mod invoices;
mod people;
mod self_service;
mod subscriptions;

use time::Date;

use crate::auth::hash_password;
use crate::config::Seed;
use crate::db::Db;

/// Password of every demo sign-in.
pub const DEMO_PASSWORD: &str = "Portal-demo-2026";

/// The demo sign-ins: (email, who they are).
pub const DEMO_SIGN_INS: [(&str, &str); 7] = [
    ("megan.bowen@contoso.example", "user with self-service subscriptions and a trial"),
    ("alex.wilber@contoso.example", "another user of the same organization"),
    (
        "lee.gu@contoso.example",
        "a team lead with a card and nothing bought yet (also Diego Siciliani, Isaiah Langer, Lynne Robbins, Nestor Wilke)",
    ),
    (
        "joni.sherman@contoso.example",
        "a user with a small Power BI Pro subscription for Take control (also Christie Cline, Irvin Sayers, Debra Berger, Allan Deyoung)",
    ),
    ("adele.vance@contoso.example", "admin of Contoso"),
    ("lars.nystrom@fabrikam.example", "user of another organization, Fabrikam"),
    ("elin.fredriksson@fabrikam.example", "admin of Fabrikam"),
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
    let contoso_people = if seed == Seed::Large { LARGE_PEOPLE } else { DEMO_PEOPLE };
    let password_hash = hash_password(DEMO_PASSWORD)?;
    let mut tx = db.begin().await?;
    let s = Seeder { today, now, password_hash };
    s.organizations(&mut tx).await?;
    s.products(&mut tx).await?;
    s.people(&mut tx, "org_contoso", "contoso.example", contoso_people, &people::CONTOSO_NAMED).await?;
    s.people(&mut tx, "org_fabrikam", "fabrikam.example", FABRIKAM_PEOPLE, &people::FABRIKAM_NAMED).await?;
    s.billing(&mut tx).await?;
    s.subscriptions(&mut tx).await?;
    s.invoices(&mut tx).await?;
    s.self_service(&mut tx).await?;
    crate::db::licenses::mark_holding(&mut tx).await?;
    tx.commit().await?;
    Ok(true)
}

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
