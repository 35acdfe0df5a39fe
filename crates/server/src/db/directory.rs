//! The organization's directory: finding people by the beginnings of the words of their name
//! and email, case and accents ignored (see migration 0003 for how it is indexed).

use std::collections::BTreeMap;

use portal_api::licenses::{DIRECTORY_RESULTS, DirectoryPerson};
use sqlx::{Any, Transaction};

use super::Db;
use super::licenses::holders_of_product;
use super::search::{starts_a_word, terms_condition};

/// How many characters of a word's beginning are indexed; longer search words are looked up
/// by their first three characters and checked whole.
const INDEXED_CHARS: usize = 3;
/// Rows per INSERT when indexing many people.
const ROWS_PER_INSERT: usize = 500;

/// The distinct beginnings (1 to 3 characters) of the words of a folded `search_text`, each
/// with its word position: 0 when it begins the first word, else 1.
pub fn prefixes(search_text: &str) -> BTreeMap<String, i64> {
    let mut prefixes = BTreeMap::new();
    for (n, word) in search_text.split(' ').filter(|w| !w.is_empty()).enumerate() {
        let position = i64::from(n > 0);
        let mut prefix = String::new();
        for c in word.chars().take(INDEXED_CHARS) {
            prefix.push(c);
            prefixes.entry(prefix.clone()).and_modify(|p: &mut i64| *p = (*p).min(position)).or_insert(position);
        }
    }
    prefixes
}

/// A person to index: (organization id, user id, `search_text`).
pub type IndexedPerson = (String, String, String);

/// Writes the directory rows of people just added (in bulk: the seed adds 100,000 at once).
/// A person whose name or email changed needs their old rows deleted first.
pub async fn index_people(tx: &mut Transaction<'_, Any>, people: &[IndexedPerson]) -> sqlx::Result<()> {
    let mut rows: Vec<(&str, String, i64, &str, &str)> = people
        .iter()
        .flat_map(|(organization_id, user_id, search_text)| {
            prefixes(search_text).into_iter().map(move |(prefix, position)| {
                (organization_id.as_str(), prefix, position, search_text.as_str(), user_id.as_str())
            })
        })
        .collect();
    // In key order, the primary key's B-tree is appended to rather than split all over:
    // 600,000 rows go in several times faster.
    rows.sort_unstable();
    for chunk in rows.chunks(ROWS_PER_INSERT) {
        let values: Vec<String> = (0..chunk.len())
            .map(|i| {
                let p = i * 5;
                format!("(${}, ${}, ${}, ${}, ${})", p + 1, p + 2, p + 3, p + 4, p + 5)
            })
            .collect();
        let sql = format!(
            "INSERT INTO directory_prefixes (organization_id, prefix, word_position, search_text, user_id) VALUES {}",
            values.join(", ")
        );
        let mut query = sqlx::query(&sql);
        for (organization_id, prefix, position, search_text, user_id) in chunk {
            query =
                query.bind(*organization_id).bind(prefix.as_str()).bind(*position).bind(*search_text).bind(*user_id);
        }
        query.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Indexes everyone when the directory index is empty but people exist: a database that had
/// people before migration 0003. Returns how many people it indexed.
pub async fn index_if_empty(db: &Db) -> sqlx::Result<usize> {
    let indexed: Option<(i64,)> = sqlx::query_as("SELECT 1 FROM directory_prefixes LIMIT 1").fetch_optional(db).await?;
    if indexed.is_some() {
        return Ok(0);
    }
    let people: Vec<IndexedPerson> =
        sqlx::query_as("SELECT organization_id, id, search_text FROM users").fetch_all(db).await?;
    let mut tx = db.begin().await?;
    index_people(&mut tx, &people).await?;
    tx.commit().await?;
    Ok(people.len())
}

/// Up to 10 people of the organization matching every term (see
/// `portal_api::licenses::search_terms`): those whose first name starts with the longest term
/// first, each group by name; each marked when they hold a license of
/// `product_id` in the organization. No terms: nobody.
pub async fn search(
    db: &Db,
    organization_id: &str,
    terms: &[String],
    product_id: Option<&str>,
) -> sqlx::Result<Vec<DirectoryPerson>> {
    // The longest word is usually the rarest: its first three characters pick the rows to walk.
    let Some(longest) = terms.iter().max_by_key(|t| t.chars().count()) else { return Ok(Vec::new()) };
    let key: String = longest.chars().take(INDEXED_CHARS).collect();
    let sql = format!(
        "SELECT u.id, u.display_name, u.email
         FROM directory_prefixes d JOIN users u ON u.id = d.user_id
         WHERE d.organization_id = $1 AND d.prefix = $2 AND u.organization_id = $1{}
         ORDER BY d.word_position, d.search_text, d.user_id
         LIMIT {DIRECTORY_RESULTS}",
        terms_condition("d.search_text", terms, 3)
    );
    let mut query = sqlx::query_as::<_, (String, String, String)>(&sql).bind(organization_id).bind(key);
    for term in terms {
        query = query.bind(starts_a_word(term));
    }
    let found = query.fetch_all(db).await?;
    // Who of these ten holds the product, asked apart: inside the search, PostgreSQL hashes
    // every holder of the product first.
    let ids: Vec<String> = found.iter().map(|(id, ..)| id.clone()).collect();
    let holders = match product_id {
        Some(product_id) if !ids.is_empty() => holders_of_product(db, organization_id, product_id, &ids).await?,
        _ => Vec::new(),
    };
    Ok(found
        .into_iter()
        .map(|(user_id, display_name, email)| DirectoryPerson {
            has_license: holders.contains(&user_id),
            user_id,
            display_name,
            email,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_is_indexed_by_its_first_one_to_three_characters() {
        let found: Vec<(String, i64)> = prefixes("asa oberg asa.oberg@contoso.example").into_iter().collect();
        let expected = [("a", 0), ("as", 0), ("asa", 0), ("o", 1), ("ob", 1), ("obe", 1)];
        assert_eq!(found, expected.map(|(p, n)| (p.to_owned(), n)));
        assert_eq!(prefixes("maarten de  vries").len(), 8);
        assert_eq!(prefixes("anna annersen").get("ann"), Some(&0));
        assert!(prefixes("").is_empty());
    }
}
