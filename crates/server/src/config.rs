//! Settings read from the environment at start-up.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;

/// Which demo data to seed into an empty database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seed {
    /// Nothing: a production database.
    None,
    /// Two organizations, ~2,000 people, demo subscriptions (the default).
    Demo,
    /// As `Demo`, with 100,000 people in the first organization, for benchmarks.
    Large,
}

/// The server's settings.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address and port to listen on (`PORTAL_BIND`, `PORT`).
    pub listen: SocketAddr,
    /// `sqlite://path` (the default, `sqlite://data/portal.db`) or `postgres://…` (`DATABASE_URL`).
    pub database_url: String,
    /// Folder with the built app, served with history fallback (`PORTAL_DIST`).
    pub dist_dir: PathBuf,
    /// Other origins allowed to call the API with cookies, e.g. a CDN (`PORTAL_ALLOWED_ORIGINS`).
    pub allowed_origins: Vec<String>,
    /// Mark the session cookie `Secure` (`PORTAL_SECURE_COOKIES=1`; on behind HTTPS).
    pub secure_cookies: bool,
    /// Demo data for an empty database (`PORTAL_SEED=demo|large|none`).
    pub seed: Seed,
    /// Reverse proxies or load balancers whose `X-Forwarded-For` names the client
    /// (`PORTAL_TRUSTED_PROXIES=10.0.0.5,10.1.0.0/16`); without them the socket's address is the
    /// client's, and the header is ignored.
    pub trusted_proxies: Vec<IpNet>,
    /// What one client may hold of the server.
    pub limits: Limits,
    /// A request with an Idempotency-Key that never finished (its server stopped mid-request)
    /// may be taken over by a retry after this long (`PORTAL_IDEMPOTENCY_TAKEOVER_SECS`,
    /// default 60). Shorter than the slowest request a server finishes would run it twice.
    pub abandoned_request_after: Duration,
    /// Keep the built-in test gateway's charges in this file, so they outlive the server
    /// process as a real gateway's do (`PORTAL_TEST_GATEWAY_LEDGER`; for the crash test).
    pub test_gateway_ledger: Option<PathBuf>,
}

/// How long a request that never finished holds its Idempotency-Key by default.
pub const DEFAULT_ABANDONED_REQUEST_AFTER: Duration = Duration::from_secs(60);

/// What one client may hold of the server, so slow or greedy ones cannot starve the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// A request's headers must arrive within this, or the connection is closed
    /// (`PORTAL_HEADER_TIMEOUT_SECS`, default 10).
    pub header_read_timeout: Duration,
    /// Open connections from one client address; more are closed at once
    /// (`PORTAL_MAX_CONNECTIONS_PER_ADDRESS`, default 256; trusted proxies are not limited).
    pub max_connections_per_address: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self { header_read_timeout: Duration::from_secs(10), max_connections_per_address: 256 }
    }
}

/// An address or a network (`10.0.0.0/8`, `fd00::/8`), for `PORTAL_TRUSTED_PROXIES`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpNet {
    address: IpAddr,
    prefix: u8,
}

impl IpNet {
    /// Whether an address is in this network (an IPv4 address in IPv6 form counts as IPv4).
    pub fn contains(&self, address: IpAddr) -> bool {
        let address = match address {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
            v4 => v4,
        };
        match (self.address, address) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX.checked_shl(32 - u32::from(self.prefix)).unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX.checked_shl(128 - u32::from(self.prefix)).unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

impl std::str::FromStr for IpNet {
    type Err = anyhow::Error;

    fn from_str(text: &str) -> anyhow::Result<Self> {
        let (address, prefix) = text.trim().split_once('/').map_or((text.trim(), None), |(a, p)| (a, Some(p)));
        let address: IpAddr = address.parse().with_context(|| format!("{text:?} is not an IP address"))?;
        let max = if address.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => max,
            Some(p) => p.parse::<u8>().ok().filter(|p| *p <= max).with_context(|| format!("{text:?}: bad prefix"))?,
        };
        Ok(Self { address, prefix })
    }
}

impl Config {
    /// Reads the settings, with defaults that run the portal locally.
    pub fn from_env() -> anyhow::Result<Self> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let bind: IpAddr = var("PORTAL_BIND")
            .unwrap_or_else(|| "127.0.0.1".into())
            .parse()
            .context("PORTAL_BIND must be an IP address, e.g. 127.0.0.1 or 0.0.0.0")?;
        let port: u16 =
            var("PORT").unwrap_or_else(|| "8080".into()).parse().context("PORT must be a number from 0 to 65535")?;
        let seed = match var("PORTAL_SEED").as_deref() {
            None | Some("demo") => Seed::Demo,
            Some("large") => Seed::Large,
            Some("none") => Seed::None,
            Some(other) => anyhow::bail!("PORTAL_SEED must be demo, large or none, not {other:?}"),
        };
        Ok(Self {
            listen: SocketAddr::new(bind, port),
            database_url: var("DATABASE_URL").unwrap_or_else(|| "sqlite://data/portal.db".into()),
            dist_dir: var("PORTAL_DIST").unwrap_or_else(|| "dist".into()).into(),
            allowed_origins: var("PORTAL_ALLOWED_ORIGINS")
                .map(|v| v.split(',').map(|o| o.trim().to_owned()).filter(|o| !o.is_empty()).collect())
                .unwrap_or_default(),
            secure_cookies: matches!(var("PORTAL_SECURE_COOKIES").as_deref(), Some("1" | "true")),
            seed,
            trusted_proxies: var("PORTAL_TRUSTED_PROXIES")
                .map(|v| v.split(',').filter(|p| !p.trim().is_empty()).map(str::parse).collect())
                .transpose()
                .context("PORTAL_TRUSTED_PROXIES must be IP addresses or networks, e.g. 10.0.0.5,10.1.0.0/16")?
                .unwrap_or_default(),
            limits: Limits {
                header_read_timeout: match var("PORTAL_HEADER_TIMEOUT_SECS") {
                    Some(v) => Duration::from_secs(v.parse().context("PORTAL_HEADER_TIMEOUT_SECS must be a number")?),
                    None => Limits::default().header_read_timeout,
                },
                max_connections_per_address: match var("PORTAL_MAX_CONNECTIONS_PER_ADDRESS") {
                    Some(v) => v.parse().context("PORTAL_MAX_CONNECTIONS_PER_ADDRESS must be a number")?,
                    None => Limits::default().max_connections_per_address,
                },
            },
            abandoned_request_after: match var("PORTAL_IDEMPOTENCY_TAKEOVER_SECS") {
                Some(v) => Duration::from_secs(v.parse().context("PORTAL_IDEMPOTENCY_TAKEOVER_SECS must be a number")?),
                None => DEFAULT_ABANDONED_REQUEST_AFTER,
            },
            test_gateway_ledger: var("PORTAL_TEST_GATEWAY_LEDGER").map(PathBuf::from),
        })
    }

    /// Settings for a server started by a test or a benchmark: no seed of its own, no app, the
    /// default limits.
    pub fn local(listen: SocketAddr, database_url: String, dist_dir: PathBuf) -> Self {
        Self {
            listen,
            database_url,
            dist_dir,
            allowed_origins: Vec::new(),
            secure_cookies: false,
            seed: Seed::None,
            trusted_proxies: Vec::new(),
            limits: Limits::default(),
            abandoned_request_after: DEFAULT_ABANDONED_REQUEST_AFTER,
            test_gateway_ledger: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::IpNet;

    #[test]
    fn networks_contain_their_addresses_only() {
        let net: IpNet = "10.1.0.0/16".parse().expect("a network");
        assert!(net.contains("10.1.200.3".parse().expect("ip")));
        assert!(!net.contains("10.2.0.1".parse().expect("ip")));
        let one: IpNet = "127.0.0.1".parse().expect("an address");
        assert!(one.contains("127.0.0.1".parse().expect("ip")));
        assert!(one.contains("::ffff:127.0.0.1".parse().expect("ip")), "IPv4 in IPv6 form");
        assert!(!one.contains("127.0.0.2".parse().expect("ip")));
        assert!("10.0.0.0/33".parse::<IpNet>().is_err());
        assert!("proxy".parse::<IpNet>().is_err());
        let all: IpNet = "0.0.0.0/0".parse().expect("all");
        assert!(all.contains("203.0.113.9".parse().expect("ip")));
    }
}
