//! Writes that take turns instead of spinning on SQLite's lock: one connection, owned by one
//! task, runs the write transactions handed to it one after another, and commits those that
//! queued up together as one transaction (group commit), so many requests share one sync to
//! disk and none waits in SQLite's busy loop. Each still runs in a savepoint of its own, so a
//! request that fails or refuses changes nothing, and the others in its group are unaffected.
//! A request is answered only after the commit that holds its writes, so nothing acknowledged
//! is lost (`synchronous = FULL`).
//!
//! PostgreSQL needs none of this (row locks, many writers at once): there each write is its
//! own transaction on a pooled connection.

use std::future::Future;
use std::pin::Pin;

use sqlx::{AnyConnection, Connection};
use tokio::sync::{mpsc, oneshot};

use super::{Backend, Db};

/// A boxed future borrowing the writer's connection.
pub type BoxFuture<'c, T> = Pin<Box<dyn Future<Output = T> + Send + 'c>>;

/// Most write transactions committed together.
const MOST_IN_A_GROUP: usize = 64;

/// What the writer runs: the caller's work, then (after the group's commit) its answer.
type Job = Box<dyn for<'c> FnOnce(&'c mut AnyConnection) -> BoxFuture<'c, Done> + Send>;
type Done = Box<dyn FnOnce(Result<(), String>) + Send>;

/// Hands write transactions to the one writer (SQLite), or runs them on the pool (PostgreSQL).
#[derive(Clone)]
pub struct Writer {
    db: Db,
    queue: Option<mpsc::Sender<Job>>,
}

impl Writer {
    /// The writer for a pool; on SQLite it starts the writing task (inside a Tokio runtime).
    pub fn start(db: &Db, backend: Backend) -> Self {
        let queue = (backend == Backend::Sqlite).then(|| {
            let (sender, receiver) = mpsc::channel(1024);
            tokio::spawn(run(db.clone(), receiver));
            sender
        });
        Self { db: db.clone(), queue }
    }

    /// Runs `work` as a write transaction: `work` gets a connection already inside a
    /// transaction (or a savepoint) and begins its own (nested) one, which it commits to keep
    /// its writes. The result comes back once those writes are durable.
    pub async fn write<T, F>(&self, work: F) -> sqlx::Result<T>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut AnyConnection) -> BoxFuture<'c, sqlx::Result<T>> + Send + 'static,
    {
        let Some(queue) = &self.queue else {
            let mut connection = self.db.acquire().await?;
            return work(&mut connection).await;
        };
        let (answer, answered) = oneshot::channel::<sqlx::Result<T>>();
        let job: Job = Box::new(move |connection| {
            Box::pin(async move {
                let result = work(connection).await;
                let done: Done = Box::new(move |committed| {
                    let result = match committed {
                        Ok(()) => result,
                        Err(error) => Err(sqlx::Error::Protocol(format!("the write was not committed: {error}"))),
                    };
                    let _ = answer.send(result);
                });
                done
            })
        });
        queue.send(job).await.map_err(|_| sqlx::Error::PoolClosed)?;
        answered.await.map_err(|_| sqlx::Error::PoolClosed)?
    }
}

/// The writing task: takes the jobs waiting, runs them in one transaction, commits, answers.
async fn run(db: Db, mut queue: mpsc::Receiver<Job>) {
    let mut connection: Option<sqlx::pool::PoolConnection<sqlx::Any>> = None;
    while let Some(first) = queue.recv().await {
        let mut waiting = vec![first];
        let connection = match &mut connection {
            Some(connection) => connection,
            None => match db.acquire().await {
                Ok(acquired) => connection.insert(acquired),
                Err(error) => {
                    tracing::error!(%error, "the writer cannot get a connection");
                    fail(waiting, &error.to_string());
                    continue;
                }
            },
        };
        let mut group = match connection.begin().await {
            Ok(group) => group,
            Err(error) => {
                fail(waiting, &error.to_string());
                continue;
            }
        };
        let mut done = Vec::new();
        while let Some(job) = waiting.pop() {
            done.push(job(&mut group).await);
            if waiting.is_empty() && done.len() < MOST_IN_A_GROUP {
                // whoever queued while this group ran joins it
                if let Ok(next) = queue.try_recv() {
                    waiting.push(next);
                }
            }
        }
        let committed = group.commit().await.map_err(|error| error.to_string());
        if let Err(error) = &committed {
            tracing::error!(%error, "committing a group of writes failed");
        }
        for done in done {
            done(committed.clone());
        }
    }
}

/// Drops jobs that could not run: their callers get an error, and nothing was written.
fn fail(jobs: Vec<Job>, reason: &str) {
    tracing::warn!(reason, count = jobs.len(), "writes could not run");
}
