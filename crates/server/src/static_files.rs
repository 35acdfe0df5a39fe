//! Serving the built app: history fallback so deep links reload, long caching for Trunk's
//! hashed files, no caching for index.html and config.json, and the security headers.
//!
//! The same rules are written as a `_headers` file for static hosts and CDNs
//! (`portal-server cdn-headers dist`), so both ways of hosting behave alike.

use std::path::Path;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use sha2::{Digest, Sha256};
use tower_http::services::{ServeDir, ServeFile};

/// The app's files with `index.html` for every path that is not a file. The build writes `.br`
/// and `.gz` beside each cacheable file; they are sent as they are to browsers that accept
/// them (nothing is compressed per request here; only API answers are, in `crate::app`).
pub fn service(dist: &Path) -> ServeDir<ServeFile> {
    ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(true)
        .fallback(ServeFile::new(dist.join("index.html")))
}

/// Security and caching headers, computed once at start-up from the built index.html.
#[derive(Clone)]
pub struct Headers {
    csp: HeaderValue,
    hsts: bool,
}

impl Headers {
    /// Headers for the app in `dist` talking to its API at `api_origin` (`'self'` when same-origin).
    pub fn for_dist(dist: &Path, api_origin: &str) -> Self {
        let index = std::fs::read_to_string(dist.join("index.html")).unwrap_or_default();
        let csp = content_security_policy(&index, api_origin);
        Self {
            csp: HeaderValue::from_str(&csp).unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'")),
            hsts: false,
        }
    }

    /// The same, telling browsers to come back over HTTPS only (`Strict-Transport-Security`):
    /// on when the cookies are `Secure`, which means the portal is served over HTTPS.
    pub fn with_hsts(self, hsts: bool) -> Self {
        Self { hsts, ..self }
    }
}

/// HSTS for a year, subdomains included.
pub const STRICT_TRANSPORT_SECURITY: &str = "max-age=31536000; includeSubDomains";

/// Browser features the portal never uses, switched off for it and anything it might embed.
pub const PERMISSIONS_POLICY: &str =
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";

/// The Content-Security-Policy: only our own files run; the inline loader Trunk writes into
/// index.html is allowed by its hash; wasm may compile; nobody may frame the portal.
pub fn content_security_policy(index_html: &str, api_origin: &str) -> String {
    let script_hashes: String = inline_scripts(index_html)
        .map(|script| format!(" 'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(Sha256::digest(script))))
        .collect();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{script_hashes}; style-src 'self'; img-src 'self' data:; \
         font-src 'self'; connect-src {api_origin}; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// The bodies of `<script>` elements that have no `src`.
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    html.split("<script").skip(1).filter_map(|rest| {
        let (attributes, rest) = rest.split_once('>')?;
        let (body, _) = rest.split_once("</script>")?;
        (!attributes.contains("src=")).then_some(body)
    })
}

/// Whether a file is named by its content: Trunk's hash in the name (`main-0123456789abcdef.css`)
/// or inside the wasm build's folder named by the hash of its files (`/pkg-0123456789abcdef/…`).
fn is_hashed(path: &str) -> bool {
    let has_hash = |name: &str| {
        name.split(['-', '_', '.']).any(|part| part.len() == 16 && part.chars().all(|c| c.is_ascii_hexdigit()))
    };
    let mut segments = path.trim_start_matches('/').split('/');
    let first = segments.next().unwrap_or_default();
    let name = path.rsplit('/').next().unwrap_or(path);
    (first.starts_with("pkg-") && has_hash(first) && segments.next().is_some()) || has_hash(name)
}

/// The Cache-Control a static path gets.
fn cache_control(path: &str, is_html: bool) -> &'static str {
    if is_html || path == "/config.json" {
        "no-cache"
    } else if is_hashed(path) {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=3600"
    }
}

/// Middleware: security headers on every response, cache rules on the app's files.
pub async fn add_headers(State(headers): State<Headers>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    h.insert("permissions-policy", HeaderValue::from_static(PERMISSIONS_POLICY));
    if headers.hsts {
        h.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static(STRICT_TRANSPORT_SECURITY));
    }
    if path.starts_with("/api/") {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"),
        );
    } else {
        let is_html =
            h.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("text/html"));
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache_control(&path, is_html)));
        h.insert(header::CONTENT_SECURITY_POLICY, headers.csp.clone());
    }
    response
}

/// A `_headers` file (Netlify, Cloudflare Pages and most CDNs read this format) with the same
/// rules the server applies. History fallback is the host's setting: serve index.html for
/// unknown paths with status 200.
pub fn cdn_headers_file(dist: &Path, api_origin: &str) -> String {
    let index = std::fs::read_to_string(dist.join("index.html")).unwrap_or_default();
    let csp = content_security_policy(&index, api_origin);
    format!(
        "/*\n  Content-Security-Policy: {csp}\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: same-origin\n  Permissions-Policy: {PERMISSIONS_POLICY}\n  Cache-Control: public, max-age=3600\n\
         /index.html\n  Cache-Control: no-cache\n/config.json\n  Cache-Control: no-cache\n\
         /pkg-*\n  Cache-Control: public, max-age=31536000, immutable\n\
         /*.css\n  Cache-Control: public, max-age=31536000, immutable\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_loader_scripts_are_hashed_into_the_policy() {
        let html = r#"<script src="/x.js"></script><script type="module">init()</script>"#;
        let csp = content_security_policy(html, "'self'");
        let expected = base64::engine::general_purpose::STANDARD.encode(Sha256::digest("init()"));
        assert!(csp.contains(&format!("'sha256-{expected}'")), "{csp}");
        assert_eq!(inline_scripts(html).count(), 1);
        assert!(csp.contains("frame-ancestors 'none'") && csp.contains("'wasm-unsafe-eval'"));
    }

    #[test]
    fn hashed_files_are_cached_for_a_year_and_entry_points_never() {
        assert_eq!(cache_control("/portal-5f2b3c1a9d8e7f60_bg.wasm", false), "public, max-age=31536000, immutable");
        assert_eq!(cache_control("/main-0a1b2c3d4e5f6a7b.css", false), "public, max-age=31536000, immutable");
        assert_eq!(cache_control("/billing/products", true), "no-cache");
        assert_eq!(cache_control("/config.json", false), "no-cache");
        assert_eq!(cache_control("/favicon.svg", false), "public, max-age=3600");
        assert_eq!(cache_control("/pkg-5f2b3c1a9d8e7f60/chunk_3.wasm", false), "public, max-age=31536000, immutable");
        assert_eq!(
            cache_control("/pkg-5f2b3c1a9d8e7f60/__wasm_split.js", false),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(cache_control("/pkg-5f2b3c1a9d8e7f60", true), "no-cache");
        assert_eq!(cache_control("/pkg-latest/portal.js", false), "public, max-age=3600");
    }
}
