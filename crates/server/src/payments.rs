//! Payments behind an interface. The portal asks a gateway to turn a card into a token and to
//! charge a token; it keeps only the token, brand, last 4 digits and expiry. A real gateway
//! implements `PaymentGateway` with its HTTP API; `TestGateway` is the built-in one for local
//! use and tests.

use std::collections::HashMap;
use std::future::Future;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use portal_api::Money;
use portal_api::cards::{Address, CardBrand, CardInput};

/// A boxed future, so gateways can be chosen at run time (`Arc<dyn PaymentGateway>`).
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// What the gateway gives back for a card, and all the portal keeps of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCard {
    /// The gateway's reusable reference to the card.
    pub token: String,
    /// The card's brand.
    pub brand: CardBrand,
    /// The last four digits, to show which card it is.
    pub last4: String,
    /// Expiry month.
    pub expiry_month: u8,
    /// Expiry year.
    pub expiry_year: u16,
}

/// A completed charge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Charge {
    /// The gateway's id for it.
    pub id: String,
}

/// Why a payment did not happen. Nothing was charged in either case.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PaymentError {
    /// The issuer said no.
    #[error("the card was declined")]
    Declined,
    /// The gateway could not be reached or failed; safe to retry with the same key.
    #[error("the payment gateway is unavailable: {0}")]
    Unavailable(String),
}

/// A change to a saved card: the Edit pane's security code, expiry, name and address. The
/// security code, when given, goes to the gateway to re-verify the card and nowhere else.
pub struct CardUpdate<'a> {
    /// A new security code to verify the card with, if one was typed.
    pub security_code: Option<&'a str>,
    /// Expiry month.
    pub expiry_month: u8,
    /// Expiry year.
    pub expiry_year: u16,
    /// Name on the card.
    pub name_on_card: &'a str,
    /// Billing address.
    pub address: &'a Address,
}

impl std::fmt::Debug for CardUpdate<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CardUpdate")
            .field("security_code", &self.security_code.map(|_| "[redacted]"))
            .field("expiry_month", &self.expiry_month)
            .field("expiry_year", &self.expiry_year)
            .finish_non_exhaustive()
    }
}

/// A payment gateway.
pub trait PaymentGateway: Send + Sync + 'static {
    /// Turns a card into a token. The card number and security code go to the gateway and
    /// nowhere else.
    fn tokenize<'a>(&'a self, card: &'a CardInput) -> BoxFuture<'a, Result<StoredCard, PaymentError>>;

    /// Charges a token. The same `idempotency_key` never charges twice: a repeat returns the
    /// first charge.
    fn charge<'a>(
        &'a self,
        token: &'a str,
        amount: &'a Money,
        idempotency_key: &'a str,
    ) -> BoxFuture<'a, Result<Charge, PaymentError>>;

    /// Updates a saved card's expiry, name and address at the gateway; with a security code,
    /// the gateway verifies the card with it first (`Declined` when it does not match). Nothing
    /// changes when it fails.
    fn update_card<'a>(&'a self, token: &'a str, update: &'a CardUpdate<'a>)
    -> BoxFuture<'a, Result<(), PaymentError>>;
}

/// The well-known test card that is always declined.
pub const DECLINED_TEST_CARD: &str = "4000000000000002";
/// The well-known test card that can be saved but whose charges are declined (a card on file
/// that stops working).
pub const DECLINES_WHEN_CHARGED_TEST_CARD: &str = "4000000000000341";

/// The security codes the test gateway refuses when it re-verifies a saved card.
pub const FAILING_TEST_SECURITY_CODES: [&str; 2] = ["000", "0000"];

/// The built-in gateway: every valid card is accepted, except the two well-known test cards
/// above; a saved card's re-verification fails with the codes `000` / `0000` (and for the card
/// that declines when charged). Charges are remembered per idempotency key, as a real gateway does. It can be made
/// to answer slowly (`with_latency`, as a real one does: hundreds of milliseconds) or to be
/// down (`set_down`), for tests and benchmarks.
#[derive(Default)]
pub struct TestGateway {
    charges: Mutex<HashMap<String, Charge>>,
    latency: Duration,
    down: AtomicBool,
    calls: AtomicU64,
    /// Calls being answered now, and the most there have been at once.
    in_flight: AtomicU64,
    most_at_once: AtomicU64,
    /// Where its charges are kept beyond the process (`with_ledger`).
    ledger: Option<PathBuf>,
}

/// One line of a ledger file: idempotency key, charge id, amount in minor units, currency.
pub struct LedgerCharge {
    /// The key the charge was made with.
    pub idempotency_key: String,
    /// The charge's id.
    pub id: String,
    /// The amount charged, in minor units.
    pub amount_minor: i64,
    /// Its currency.
    pub currency: String,
}

impl TestGateway {
    /// A gateway whose charges are also written to `path` (one line each, synced before the
    /// charge is answered) and read back from it when it starts: they outlive the server
    /// process, as a real gateway's do, so a server killed after charging and before its
    /// commit finds the charge again when the request is retried with the same key.
    pub fn with_ledger(path: PathBuf) -> std::io::Result<Self> {
        let charges = Self::read_ledger(&path)?
            .into_iter()
            .map(|charge| (charge.idempotency_key, Charge { id: charge.id }))
            .collect();
        Ok(Self { charges: Mutex::new(charges), ledger: Some(path), ..Self::default() })
    }

    /// Every charge in a ledger file (none when it does not exist yet); a last line cut
    /// short by a crash is not a charge (it was never answered).
    pub fn read_ledger(path: &Path) -> std::io::Result<Vec<LedgerCharge>> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(error) => return Err(error),
        };
        Ok(text
            .split_inclusive('\n')
            .filter(|line| line.ends_with('\n'))
            .filter_map(|line| {
                let mut fields = line.trim_end().split('\t');
                let (key, id, amount, currency) = (fields.next()?, fields.next()?, fields.next()?, fields.next()?);
                Some(LedgerCharge {
                    idempotency_key: key.to_owned(),
                    id: id.to_owned(),
                    amount_minor: amount.parse().ok()?,
                    currency: currency.to_owned(),
                })
            })
            .collect())
    }

    fn write_to_ledger(&self, key: &str, charge: &Charge, amount: &Money) -> Result<(), PaymentError> {
        let Some(path) = &self.ledger else { return Ok(()) };
        let unavailable = |e: std::io::Error| PaymentError::Unavailable(format!("the ledger: {e}"));
        let mut file = std::fs::OpenOptions::new().create(true).append(true).open(path).map_err(unavailable)?;
        let line = format!("{key}\t{}\t{}\t{}\n", charge.id, amount.amount_minor, amount.currency);
        file.write_all(line.as_bytes()).and_then(|()| file.sync_data()).map_err(unavailable)
    }

    /// A gateway that takes `latency` to answer each call.
    pub fn with_latency(latency: Duration) -> Self {
        Self { latency, ..Self::default() }
    }

    /// Makes every call fail as unreachable (`true`) or work again (`false`).
    pub fn set_down(&self, down: bool) {
        self.down.store(down, Ordering::SeqCst);
    }

    /// How many different charges (idempotency keys) it has made.
    pub fn charge_count(&self) -> usize {
        self.charges.lock().map_or(0, |charges| charges.len())
    }

    /// How many calls it has answered, repeats included.
    pub fn calls(&self) -> u64 {
        self.calls.load(Ordering::SeqCst)
    }

    /// How many calls it is answering at this moment.
    pub fn in_flight(&self) -> u64 {
        self.in_flight.load(Ordering::SeqCst)
    }

    /// The most calls it has been answering at the same moment.
    pub fn most_at_once(&self) -> u64 {
        self.most_at_once.load(Ordering::SeqCst)
    }

    /// Waits as long as a call takes; fails when the gateway is down.
    async fn answer(&self) -> Result<(), PaymentError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.most_at_once.fetch_max(now, Ordering::SeqCst);
        if !self.latency.is_zero() {
            tokio::time::sleep(self.latency).await;
        }
        self.in_flight.fetch_sub(1, Ordering::SeqCst);
        if self.down.load(Ordering::SeqCst) {
            return Err(PaymentError::Unavailable("the test gateway is down".into()));
        }
        Ok(())
    }
}

const DECLINED_TOKEN_PREFIX: &str = "tok_test_declined_";

impl PaymentGateway for TestGateway {
    fn tokenize<'a>(&'a self, card: &'a CardInput) -> BoxFuture<'a, Result<StoredCard, PaymentError>> {
        Box::pin(async move {
            self.answer().await?;
            let digits = card.digits();
            let brand = card.brand().ok_or(PaymentError::Declined)?;
            if digits == DECLINED_TEST_CARD {
                return Err(PaymentError::Declined);
            }
            let prefix = if digits == DECLINES_WHEN_CHARGED_TEST_CARD { DECLINED_TOKEN_PREFIX } else { "tok_test_" };
            Ok(StoredCard {
                token: format!("{prefix}{}", hex::encode(rand::random::<[u8; 12]>())),
                brand,
                last4: card.last4(),
                expiry_month: card.expiry_month,
                expiry_year: card.expiry_year,
            })
        })
    }

    fn charge<'a>(
        &'a self,
        token: &'a str,
        amount: &'a Money,
        idempotency_key: &'a str,
    ) -> BoxFuture<'a, Result<Charge, PaymentError>> {
        Box::pin(async move {
            self.answer().await?;
            if token.starts_with(DECLINED_TOKEN_PREFIX) || amount.amount_minor < 0 {
                return Err(PaymentError::Declined);
            }
            let mut charges = self.charges.lock().map_err(|_| PaymentError::Unavailable("lock poisoned".into()))?;
            if let Some(charge) = charges.get(idempotency_key) {
                return Ok(charge.clone());
            }
            let charge = Charge { id: format!("ch_test_{}", hex::encode(rand::random::<[u8; 12]>())) };
            self.write_to_ledger(idempotency_key, &charge, amount)?;
            charges.insert(idempotency_key.to_owned(), charge.clone());
            Ok(charge)
        })
    }

    fn update_card<'a>(
        &'a self,
        token: &'a str,
        update: &'a CardUpdate<'a>,
    ) -> BoxFuture<'a, Result<(), PaymentError>> {
        Box::pin(async move {
            self.answer().await?;
            if let Some(code) = update.security_code
                && (FAILING_TEST_SECURITY_CODES.contains(&code) || token.starts_with(DECLINED_TOKEN_PREFIX))
            {
                return Err(PaymentError::Declined);
            }
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(number: &str) -> CardInput {
        CardInput::sample(number)
    }

    fn eur(amount_minor: i64) -> Money {
        Money { amount_minor, currency: "EUR".into() }
    }

    #[tokio::test]
    async fn the_success_card_becomes_a_token_keeping_only_brand_last4_and_expiry() {
        let stored = TestGateway::default().tokenize(&card("4242 4242 4242 4242")).await.expect("accepted");
        assert!(stored.token.starts_with("tok_test_"));
        assert!(!stored.token.contains("4242"));
        assert_eq!(
            (stored.brand, stored.last4.as_str(), stored.expiry_month, stored.expiry_year),
            (CardBrand::Visa, "4242", 12, 2028)
        );
    }

    #[tokio::test]
    async fn a_ledger_keeps_charges_beyond_the_gateway_and_a_repeat_key_charges_once() {
        let dir = tempfile::tempdir().expect("a folder");
        let path = dir.path().join("ledger.tsv");
        let first = TestGateway::with_ledger(path.clone()).expect("opened");
        let charge = first.charge("tok_test_1", &eur(1400), "k1").await.expect("charged");
        // Another process (the server restarted) reads the same ledger.
        let again = TestGateway::with_ledger(path.clone()).expect("reopened");
        assert_eq!(again.charge("tok_test_1", &eur(1400), "k1").await, Ok(charge));
        again.charge("tok_test_1", &eur(500), "k2").await.expect("charged");
        std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .and_then(|mut f| f.write_all(b"k3\tch_cut"))
            .expect("a torn line");
        let ledger = TestGateway::read_ledger(&path).expect("read");
        let charged: Vec<_> = ledger.iter().map(|c| (c.idempotency_key.as_str(), c.amount_minor)).collect();
        assert_eq!(charged, [("k1", 1400), ("k2", 500)]);
    }

    #[tokio::test]
    async fn the_declined_test_card_is_declined() {
        let result = TestGateway::default().tokenize(&card("4000 0000 0000 0002")).await;
        assert_eq!(result, Err(PaymentError::Declined));
    }

    #[tokio::test]
    async fn a_card_that_declines_when_charged_can_be_saved_but_not_charged() {
        let gateway = TestGateway::default();
        let stored = gateway.tokenize(&card("4000 0000 0000 0341")).await.expect("saved");
        assert_eq!(gateway.charge(&stored.token, &eur(1400), "key").await, Err(PaymentError::Declined));
    }

    #[tokio::test]
    async fn a_saved_card_re_verifies_with_its_new_security_code() {
        let gateway = TestGateway::default();
        let token = gateway.tokenize(&card("4242424242424242")).await.expect("accepted").token;
        let address = card("4242424242424242").address;
        let update = |security_code| CardUpdate {
            security_code,
            expiry_month: 1,
            expiry_year: 2030,
            name_on_card: "Megan Bowen",
            address: &address,
        };
        assert_eq!(gateway.update_card(&token, &update(Some("321"))).await, Ok(()));
        assert_eq!(gateway.update_card(&token, &update(None)).await, Ok(()));
        assert_eq!(gateway.update_card(&token, &update(Some("000"))).await, Err(PaymentError::Declined));
        assert!(!format!("{:?}", update(Some("321"))).contains("321"));
    }

    #[tokio::test]
    async fn a_gateway_that_is_down_charges_nothing_and_a_slow_one_takes_its_time() {
        let gateway = TestGateway::with_latency(Duration::from_millis(50));
        let token = gateway.tokenize(&card("4242424242424242")).await.expect("accepted").token;
        gateway.set_down(true);
        assert!(matches!(gateway.charge(&token, &eur(1400), "k").await, Err(PaymentError::Unavailable(_))));
        assert_eq!(gateway.charge_count(), 0);
        gateway.set_down(false);
        let started = std::time::Instant::now();
        gateway.charge(&token, &eur(1400), "k").await.expect("charged");
        assert!(started.elapsed() >= Duration::from_millis(50));
        assert_eq!((gateway.charge_count(), gateway.calls()), (1, 3));
    }

    #[tokio::test]
    async fn one_idempotency_key_charges_once() {
        let gateway = TestGateway::default();
        let token = gateway.tokenize(&card("4242424242424242")).await.expect("accepted").token;
        let first = gateway.charge(&token, &eur(1400), "key-1").await.expect("charged");
        let again = gateway.charge(&token, &eur(1400), "key-1").await.expect("replayed");
        let other = gateway.charge(&token, &eur(1400), "key-2").await.expect("charged");
        assert_eq!(first, again);
        assert_ne!(first, other);
    }
}
