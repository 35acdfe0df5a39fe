//! The count of each subscription's assigned licenses (`subscriptions.assigned_licenses`), kept
//! by the database: triggers on `license_assignments` add and take away one for each row
//! inserted, deleted or moved to another subscription, in the same transaction, whoever writes
//! (assignments, cancellations, Move users, the seed). The migration adds the column and counts
//! what is there; the triggers are created here because SQLite and PostgreSQL write them
//! differently.

use sqlx::Connection;

use super::{Backend, Db};

const SQLITE: [&str; 3] = [
    "CREATE TRIGGER IF NOT EXISTS license_assigned AFTER INSERT ON license_assignments
     BEGIN UPDATE subscriptions SET assigned_licenses = assigned_licenses + 1 WHERE id = NEW.subscription_id; END",
    "CREATE TRIGGER IF NOT EXISTS license_unassigned AFTER DELETE ON license_assignments
     BEGIN UPDATE subscriptions SET assigned_licenses = assigned_licenses - 1 WHERE id = OLD.subscription_id; END",
    "CREATE TRIGGER IF NOT EXISTS license_moved AFTER UPDATE OF subscription_id ON license_assignments
     WHEN NEW.subscription_id <> OLD.subscription_id
     BEGIN
       UPDATE subscriptions SET assigned_licenses = assigned_licenses - 1 WHERE id = OLD.subscription_id;
       UPDATE subscriptions SET assigned_licenses = assigned_licenses + 1 WHERE id = NEW.subscription_id;
     END",
];

const POSTGRES_FUNCTION: &str = "
    CREATE OR REPLACE FUNCTION count_assigned_licenses() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE subscriptions SET assigned_licenses = assigned_licenses - 1 WHERE id = OLD.subscription_id;
      END IF;
      IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE subscriptions SET assigned_licenses = assigned_licenses + 1 WHERE id = NEW.subscription_id;
      END IF;
      RETURN NULL;
    END $$";

const POSTGRES_TRIGGER: &str = "
    CREATE TRIGGER assigned_licenses AFTER INSERT OR DELETE OR UPDATE OF subscription_id ON license_assignments
    FOR EACH ROW EXECUTE FUNCTION count_assigned_licenses()";

/// Creates the triggers if they are missing (every start; servers starting at once on one
/// PostgreSQL database take turns under an advisory lock).
pub async fn keep(db: &Db, backend: Backend) -> sqlx::Result<()> {
    let mut connection = db.acquire().await?;
    let mut tx = connection.begin().await?;
    match backend {
        Backend::Sqlite => {
            for statement in SQLITE {
                sqlx::query(statement).execute(&mut *tx).await?;
            }
        }
        Backend::Postgres => {
            sqlx::query("SELECT 1 FROM (SELECT pg_advisory_xact_lock(4711)) AS locked").execute(&mut *tx).await?;
            let found: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM pg_trigger WHERE tgname = 'assigned_licenses'")
                .fetch_one(&mut *tx)
                .await?;
            if found == 0 {
                sqlx::query(POSTGRES_FUNCTION).execute(&mut *tx).await?;
                sqlx::query(POSTGRES_TRIGGER).execute(&mut *tx).await?;
            }
        }
    }
    tx.commit().await
}
