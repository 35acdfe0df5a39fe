//! Who is signed in, shared by every page through context.

use leptos::prelude::*;
use portal_api::session::Me;

/// The signed-in person, or `None`. Pages read it; sign-in and sign-out write it.
#[derive(Clone, Copy)]
pub struct Session {
    /// The person and their organization.
    pub me: RwSignal<Option<Me>>,
}

impl Session {
    /// Puts an empty session into context and returns it.
    pub fn provide() -> Self {
        let session = Self { me: RwSignal::new(None) };
        provide_context(session);
        session
    }

    /// The session from context.
    pub fn get() -> Self {
        expect_context::<Self>()
    }
}
