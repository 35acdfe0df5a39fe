//! Who is signed in, shared by every page through context.

use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_api::session::Me;

use crate::api::{self, ApiFailure};

/// The signed-in person, or `None`. Pages read it; sign-in and sign-out write it.
#[derive(Clone, Copy)]
pub struct Session {
    /// The person and their organization.
    pub me: RwSignal<Option<Me>>,
    /// Whether the server has answered who is signed in. The shell and the page start at
    /// once, while the question is still out (so a page's code and data load beside it).
    pub check: RwSignal<Check>,
}

/// Where asking the server "who is signed in?" stands.
#[derive(Debug, Clone, PartialEq)]
pub enum Check {
    /// Asked, no answer yet.
    Pending,
    /// Answered: `me` holds the person, or `None` when nobody is signed in.
    Done,
    /// The service could not say.
    Failed(ApiFailure),
}

impl Session {
    /// Puts an empty, not yet checked session into context and returns it.
    pub fn provide() -> Self {
        let session = Self { me: RwSignal::new(None), check: RwSignal::new(Check::Pending) };
        provide_context(session);
        session
    }

    /// The session from context.
    pub fn get() -> Self {
        expect_context::<Self>()
    }

    /// Sign-in succeeded: this is who is signed in now.
    pub fn signed_in(self, me: Me) {
        self.me.set(Some(me));
        self.check.set(Check::Done);
    }

    /// Asks the server who is signed in (at start-up, and on Retry after it failed).
    pub fn ask_server(self) {
        self.check.set(Check::Pending);
        spawn_local(async move {
            match api::session::me().await {
                Ok(me) => {
                    self.me.set(me);
                    self.check.set(Check::Done);
                }
                Err(failure) => self.check.set(Check::Failed(failure)),
            }
        });
    }
}
