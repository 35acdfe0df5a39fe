//! Who is signed in, shared by every page through context.

use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_api::session::{Me, Role};

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

    /// The signed-in person's role, once the server has said who is signed in.
    pub fn role(self) -> Option<Role> {
        self.me.with(|me| me.as_ref().map(|me| me.person.role))
    }

    /// Sign-in succeeded: this is who is signed in now.
    pub fn signed_in(self, me: Me) {
        self.me.set(Some(me));
        self.check.set(Check::Done);
    }

    /// Whether the signed-in person is an admin of their organization.
    pub fn is_admin(self) -> bool {
        self.me.with(|me| me.as_ref().is_some_and(|me| me.person.role == portal_api::session::Role::Admin))
    }

    /// How many of the person's notices are unread (the count in the navigation).
    pub fn unread_notices(self) -> i64 {
        self.me.with(|me| me.as_ref().map_or(0, |me| me.unread_notices))
    }

    /// The server said how many notices are unread now.
    pub fn set_unread_notices(self, unread: i64) {
        if self.me.with_untracked(|me| me.as_ref().is_some_and(|me| me.unread_notices != unread)) {
            self.me.update(|me| {
                if let Some(me) = me.as_mut() {
                    me.unread_notices = unread;
                }
            });
        }
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

/// Where this browser remembers that an admin signed in last. index.html reads it to preload the
/// admin's purchase list beside the main module on a deep link, and the Your products address
/// starts on the page it names while the server is asked who is signed in; the server's answer
/// decides, so a stale hint costs one page switch, never what anyone may see.
pub const ADMIN_HINT_KEY: &str = "portal.admin";

/// Whether an admin signed in last in this browser.
pub fn admin_hint() -> bool {
    storage().and_then(|s| s.get_item(ADMIN_HINT_KEY).ok().flatten()).is_some_and(|v| v == "1")
}

/// Remembers whether the person signed in is an admin (see [`ADMIN_HINT_KEY`]).
pub fn remember_role(role: Role) {
    if let Some(storage) = storage() {
        let _ = match role {
            Role::Admin => storage.set_item(ADMIN_HINT_KEY, "1"),
            Role::User => storage.remove_item(ADMIN_HINT_KEY),
        };
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}
