//! Who is asking: the client's IP address, from the socket, or from `X-Forwarded-For` when the
//! socket is a proxy named in `PORTAL_TRUSTED_PROXIES`.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;

use crate::config::IpNet;
use crate::error::AppError;
use crate::state::AppState;

/// The client's address. Never fails: a request without a socket address (an in-process call)
/// counts as `0.0.0.0`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddress(pub IpAddr);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |ConnectInfo(socket)| socket.ip());
        Ok(Self(client_address(peer, &parts.headers, &state.config.trusted_proxies)))
    }
}

/// The client behind `peer`: `peer` itself unless it is a trusted proxy; then the right-most
/// address in `X-Forwarded-For` that is not a trusted proxy (each proxy appends the address it
/// saw, so only the right end is vouched for; what the client wrote itself is on the left).
pub fn client_address(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNet]) -> IpAddr {
    let peer = canonical(peer);
    let is_trusted = |ip: IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(peer) {
        return peer;
    }
    let forwarded: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    let mut client = peer;
    for hop in forwarded.iter().rev() {
        match hop.parse::<IpAddr>() {
            Ok(ip) => {
                client = canonical(ip);
                if !is_trusted(client) {
                    break;
                }
            }
            // A hop we cannot read: stop at the last address a trusted proxy vouched for.
            Err(_) => break,
        }
    }
    client
}

/// An IPv4 address in IPv6 form (`::ffff:203.0.113.9`) as IPv4, so one client is one key.
pub fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("an address")
    }

    fn forwarded(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", value.parse().expect("a header value"));
        headers
    }

    #[test]
    fn the_header_is_ignored_unless_the_socket_is_a_trusted_proxy() {
        let headers = forwarded("203.0.113.9");
        assert_eq!(client_address(ip("198.51.100.7"), &headers, &[]), ip("198.51.100.7"));
        let trusted = ["10.0.0.0/8".parse().expect("net")];
        assert_eq!(client_address(ip("198.51.100.7"), &headers, &trusted), ip("198.51.100.7"));
        assert_eq!(client_address(ip("10.0.0.5"), &headers, &trusted), ip("203.0.113.9"));
    }

    #[test]
    fn what_the_client_wrote_on_the_left_is_not_believed() {
        let trusted = ["10.0.0.0/8".parse().expect("net")];
        // the client sent "X-Forwarded-For: 1.2.3.4"; the proxy appended the real address
        let headers = forwarded("1.2.3.4, 203.0.113.9, 10.0.0.7");
        assert_eq!(client_address(ip("10.0.0.5"), &headers, &trusted), ip("203.0.113.9"));
        // a trusted proxy without the header: the proxy is the client
        assert_eq!(client_address(ip("10.0.0.5"), &HeaderMap::new(), &trusted), ip("10.0.0.5"));
        assert_eq!(client_address(ip("10.0.0.5"), &forwarded("garbage, 203.0.113.9"), &trusted), ip("203.0.113.9"));
        assert_eq!(client_address(ip("::ffff:198.51.100.7"), &HeaderMap::new(), &[]), ip("198.51.100.7"));
    }
}
