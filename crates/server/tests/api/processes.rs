//! The real `portal-server` binary as a process of its own, for tests that run several at
//! once or kill one: `start`, `wait_until_up`, `kill`.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use reqwest::{Client, StatusCode};
use serde_json::json;

use crate::helpers::{MEGAN, session_cookie_pair};

/// One `portal-server` process; killed when dropped.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:<port>`
    pub address: String,
}

impl Server {
    /// Kills the process at once (SIGKILL): no request it holds gets an answer.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port()
}

/// Starts the real binary on `database_url` (already migrated and seeded), with `env` added.
pub async fn start_with(database_url: &str, env: &[(&str, &str)]) -> Server {
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_portal-server"))
        .env("DATABASE_URL", database_url)
        .env("PORT", port.to_string())
        .env("PORTAL_BIND", "127.0.0.1")
        .env("PORTAL_SEED", "none")
        .env("PORTAL_DIST", "/nonexistent")
        .env("RUST_LOG", "warn")
        .envs(env.iter().copied())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the server binary starts");
    Server { child, address: format!("http://127.0.0.1:{port}") }
}

/// Waits until the server answers `/api/health`.
pub async fn wait_until_up(server: &Server) {
    let client = Client::new();
    for _ in 0..300 {
        if let Ok(response) = client.get(format!("{}/api/health", server.address)).send().await
            && response.status() == StatusCode::OK
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{} did not come up", server.address);
}

/// Starts the real binary on `database_url` with no more settings.
pub async fn start(database_url: &str) -> Server {
    start_with(database_url, &[]).await
}

/// Sends every request at once; their statuses, in order.
pub async fn at_once<F>(requests: impl Iterator<Item = F>) -> Vec<StatusCode>
where
    F: std::future::Future<Output = reqwest::Result<reqwest::Response>> + Send + 'static,
{
    let handles: Vec<_> = requests.map(tokio::spawn).collect();
    let mut statuses = Vec::with_capacity(handles.len());
    for handle in handles {
        statuses.push(handle.await.expect("the request task finishes").expect("answered").status());
    }
    statuses
}

/// Megan's session cookie, signed in through `server`; every server on the same database
/// knows it (sessions are in the database).
pub async fn megan_cookie(server: &Server) -> String {
    let response = Client::new()
        .post(format!("{}/api/session", server.address))
        .json(&json!({ "email": MEGAN, "password": portal_server::seed::DEMO_PASSWORD }))
        .send()
        .await
        .expect("signed in");
    assert_eq!(response.status(), StatusCode::OK);
    session_cookie_pair(&response)
}
