//! Billing accounts, billing profiles and saved cards: every demo purchaser owns one billing
//! account with one profile (Megan has two), paid with their own card.

use sqlx::{Any, Transaction};

use super::Seeder;

/// (owner, account, holder name, card, brand, last 4)
const CONTOSO_PAYERS: [(&str, &str, &str, &str, &str, &str); 18] = [
    ("usr_megan", "ba_megan", "Megan Bowen", "pm_megan_visa", "visa", "4242"),
    ("usr_alex", "ba_alex", "Alex Wilber", "pm_alex_mastercard", "mastercard", "4444"),
    ("usr_adele", "ba_adele", "Adele Vance", "pm_adele_visa", "visa", "1881"),
    ("usr_lee", "ba_lee", "Lee Gu", "pm_lee_visa", "visa", "4242"),
    ("usr_diego", "ba_diego", "Diego Siciliani", "pm_diego_visa", "visa", "4242"),
    ("usr_isaiah", "ba_isaiah", "Isaiah Langer", "pm_isaiah_visa", "visa", "4242"),
    ("usr_lynne", "ba_lynne", "Lynne Robbins", "pm_lynne_visa", "visa", "4242"),
    ("usr_nestor", "ba_nestor", "Nestor Wilke", "pm_nestor_visa", "visa", "4242"),
    ("usr_patti", "ba_patti", "Patti Fernandez", "pm_patti_visa", "visa", "4242"),
    ("usr_pradeep", "ba_pradeep", "Pradeep Gupta", "pm_pradeep_visa", "visa", "4242"),
    ("usr_johanna", "ba_johanna", "Johanna Lorenz", "pm_johanna_visa", "visa", "4242"),
    ("usr_grady", "ba_grady", "Grady Archie", "pm_grady_visa", "visa", "4242"),
    ("usr_miriam", "ba_miriam", "Miriam Graham", "pm_miriam_visa", "visa", "4242"),
    ("usr_joni", "ba_joni", "Joni Sherman", "pm_joni_visa", "visa", "4242"),
    ("usr_christie", "ba_christie", "Christie Cline", "pm_christie_visa", "visa", "4242"),
    ("usr_irvin", "ba_irvin", "Irvin Sayers", "pm_irvin_visa", "visa", "4242"),
    ("usr_debra", "ba_debra", "Debra Berger", "pm_debra_visa", "visa", "4242"),
    ("usr_allan", "ba_allan", "Allan Deyoung", "pm_allan_visa", "visa", "4242"),
];

/// A billing profile: (id, organization, account, name, country, tax bp, currency, invoice email, card,
/// sold-to name, bill-to name, street, city, postal code)
type Profile<'a> = (
    String,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    i64,
    &'a str,
    String,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
);

/// A card: (id, organization, owner, brand, last 4, expiry month, expiry year, holder, street, city, postal, country, created)
type Card<'a> =
    (&'a str, &'a str, &'a str, &'a str, &'a str, i64, i64, &'a str, &'a str, &'a str, &'a str, &'a str, i64);

impl Seeder {
    pub(super) async fn billing(&self, tx: &mut Transaction<'_, Any>) -> sqlx::Result<()> {
        let year = i64::from(self.today.year());
        let month = i64::from(self.today.month() as u8);
        let mut cards: Vec<Card> = Vec::new();
        let mut profiles: Vec<Profile> = Vec::new();
        for (owner, account, holder, card, brand, last4) in CONTOSO_PAYERS {
            self.account(tx, account, "org_contoso", owner, holder).await?;
            let expiry = if owner == "usr_megan" { (12, year + 3) } else { (6, year + 2) };
            cards.push((
                card,
                "org_contoso",
                owner,
                brand,
                last4,
                expiry.0,
                expiry.1,
                holder,
                "Herengracht 182",
                "Amsterdam",
                "1016 BR",
                "NL",
                self.now,
            ));
            // Megan's keeps the id the first demo had
            let profile =
                if owner == "usr_megan" { "bp_contoso".to_owned() } else { format!("bp_{}", &owner["usr_".len()..]) };
            let email = format!("{}@contoso.example", holder.to_lowercase().replace(' ', "."));
            profiles.push((
                profile,
                "org_contoso",
                account,
                "Contoso Ltd. – Netherlands",
                "NL",
                2100,
                "EUR",
                email,
                card,
                "Contoso Ltd.",
                holder,
                "Herengracht 182",
                "Amsterdam",
                "1016 BR",
            ));
        }
        // Megan's second profile (Denmark) and two more cards: one expiring soon, one expired,
        // saved long ago so her Visa stays the newest (the one the purchase pane picks first).
        profiles.push((
            "bp_megan_denmark".into(),
            "org_contoso",
            "ba_megan",
            "Contoso Ltd. – Denmark",
            "DK",
            2500,
            "EUR",
            "megan.bowen@contoso.example".into(),
            "pm_megan_visa",
            "Contoso Danmark ApS",
            "Megan Bowen",
            "Strandgade 56",
            "København K",
            "1401",
        ));
        let soon = if month == 12 { (1, year + 1) } else { (month + 1, year) };
        let long_ago = self.now - 400 * 86_400;
        cards.push((
            "pm_megan_mastercard",
            "org_contoso",
            "usr_megan",
            "mastercard",
            "4444",
            soon.0,
            soon.1,
            "Megan Bowen",
            "Herengracht 182",
            "Amsterdam",
            "1016 BR",
            "NL",
            long_ago,
        ));
        cards.push((
            "pm_megan_amex",
            "org_contoso",
            "usr_megan",
            "amex",
            "0005",
            3,
            year - 1,
            "Megan Bowen",
            "Herengracht 182",
            "Amsterdam",
            "1016 BR",
            "NL",
            long_ago - 86_400,
        ));
        self.account(tx, "ba_lars", "org_fabrikam", "usr_lars", "Lars Nyström").await?;
        cards.push((
            "pm_lars_visa",
            "org_fabrikam",
            "usr_lars",
            "visa",
            "4242",
            12,
            year + 3,
            "Lars Nyström",
            "Drottninggatan 12",
            "Stockholm",
            "111 51",
            "SE",
            self.now,
        ));
        profiles.push((
            "bp_fabrikam".into(),
            "org_fabrikam",
            "ba_lars",
            "Fabrikam AB – Sverige",
            "SE",
            2500,
            "SEK",
            "faktura@fabrikam.example".into(),
            "pm_lars_visa",
            "Fabrikam AB",
            "Lars Nyström",
            "Drottninggatan 12",
            "Stockholm",
            "111 51",
        ));

        for (id, org, owner, brand, last4, month, year, holder, street, city, postal, country, created) in cards {
            sqlx::query(
                "INSERT INTO payment_methods (id, organization_id, owner_id, gateway_token, brand, last4, expiry_month, expiry_year,
                                              name_on_card, address_line1, address_line2, city, postal_code, country, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, NULL, $11, $12, $13, $14, $14)",
            )
            .bind(id)
            .bind(org)
            .bind(owner)
            .bind(format!("tok_demo_{id}"))
            .bind(brand)
            .bind(last4)
            .bind(month)
            .bind(year)
            .bind(holder)
            .bind(street)
            .bind(city)
            .bind(postal)
            .bind(country)
            .bind(created)
            .execute(&mut **tx)
            .await?;
        }
        for (id, org, account, name, country, tax, currency, email, card, sold_to, bill_to, street, city, postal) in
            profiles
        {
            sqlx::query(
                "INSERT INTO billing_profiles (id, billing_account_id, organization_id, name, country, tax_rate_bp, invoice_email,
                                               payment_method_id, currency)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(&id)
            .bind(account)
            .bind(org)
            .bind(name)
            .bind(country)
            .bind(tax)
            .bind(email)
            .bind(card)
            .bind(currency)
            .execute(&mut **tx)
            .await?;
            for (kind, party) in [("sold_to", sold_to), ("bill_to", bill_to)] {
                sqlx::query(
                    "INSERT INTO billing_profile_addresses (billing_profile_id, kind, name, line1, line2, city, postal_code, country)
                     VALUES ($1, $2, $3, $4, NULL, $5, $6, $7)",
                )
                .bind(&id)
                .bind(kind)
                .bind(party)
                .bind(street)
                .bind(city)
                .bind(postal)
                .bind(country)
                .execute(&mut **tx)
                .await?;
            }
        }
        Ok(())
    }

    async fn account(
        &self,
        tx: &mut Transaction<'_, Any>,
        id: &str,
        org: &str,
        owner: &str,
        name: &str,
    ) -> sqlx::Result<()> {
        sqlx::query(
            "INSERT INTO billing_accounts (id, organization_id, name, account_type, owner_id) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(org)
        .bind(name)
        .bind("customer_agreement")
        .bind(owner)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }
}
