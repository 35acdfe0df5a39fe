//! The built app's files: precompressed copies sent as they are, long caching for the wasm
//! build's hashed folder, and per-request compression only for API answers.

use reqwest::StatusCode;
use reqwest::header::{ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING};

use crate::helpers::{BUILT_WASM, MEGAN, spawn_app_with_built_app};

#[tokio::test]
async fn a_browser_that_accepts_brotli_gets_the_precompressed_file_and_others_the_plain_one() {
    let app = spawn_app_with_built_app().await;
    let client = app.client();
    let (path, plain, brotli) = BUILT_WASM;

    let response = client.get(app.url(path)).header(ACCEPT_ENCODING, "gzip, deflate, br").send().await.expect("sent");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[CONTENT_ENCODING], "br");
    assert_eq!(response.headers()[CACHE_CONTROL], "public, max-age=31536000, immutable");
    assert_eq!(response.bytes().await.expect("a body").as_ref(), brotli);

    let response = client.get(app.url(path)).header(ACCEPT_ENCODING, "identity").send().await.expect("sent");
    assert!(response.headers().get(CONTENT_ENCODING).is_none());
    assert_eq!(response.bytes().await.expect("a body").as_ref(), plain);
}

#[tokio::test]
async fn api_answers_are_compressed_per_request() {
    let app = spawn_app_with_built_app().await;
    let client = app.signed_in(MEGAN).await;
    let response = client.get(app.url("/api/products")).header(ACCEPT_ENCODING, "gzip").send().await.expect("sent");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[CONTENT_ENCODING], "gzip");
}
