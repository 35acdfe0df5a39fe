//! The directory: the named demo people first, then generated ones (Bjørn, Zoë, Çelik …).

use std::collections::HashSet;

use portal_api::text::fold_for_search;
use sqlx::{Any, Transaction};

use super::{Dice, Seeder};
use crate::db::directory::{IndexedPerson, index_people};

/// (id, display name, role, can sign in)
pub(super) type Named = (&'static str, &'static str, &'static str, bool);

pub(super) const CONTOSO_NAMED: [Named; 22] = [
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
    // purchasers whose Power BI Pro an admin takes control of in the browser tests, one per
    // language (no other test reads them)
    ("usr_joni", "Joni Sherman", "user", true),
    ("usr_christie", "Christie Cline", "user", true),
    ("usr_irvin", "Irvin Sayers", "user", true),
    ("usr_debra", "Debra Berger", "user", true),
    ("usr_allan", "Allan Deyoung", "user", true),
    ("usr_soren", "Søren Ørsted", "user", false),
    ("usr_jurgen", "Jürgen Groß", "user", false),
    ("usr_asa", "Åsa Öberg", "user", false),
    ("usr_maarten", "Maarten de Vries", "user", false),
];
pub(super) const FABRIKAM_NAMED: [Named; 2] =
    [("usr_lars", "Lars Nyström", "user", true), ("usr_elin", "Elin Fredriksson", "admin", true)];

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

impl Seeder {
    pub(super) async fn people(
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
}
