//! Every endpoint, listed where its route is made: each group's router is built from a
//! table of (method, path, handler), so the list the deployment test holds against
//! `infra/template.yaml` and the OpenAPI document is the list the routers serve — a route
//! cannot be added to one and forgotten in the other.

use axum::Router;
use axum::handler::Handler;
use axum::routing::{MethodFilter, MethodRouter, on};

use super::AppState;

/// The endpoint groups: one Lambda function each (the local server serves them all).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Group {
    Submission,
    Status,
    Account,
    Workspace,
    /// The chat: the citizen's side and the operators' console.
    Chat,
    /// Development pages of the local server; never deployed.
    Dev,
}

impl Group {
    pub const ALL: [Group; 6] = [
        Group::Submission,
        Group::Status,
        Group::Account,
        Group::Workspace,
        Group::Chat,
        Group::Dev,
    ];

    /// The Lambda function (its handler in `cloud::handlers`) that serves the group in AWS.
    pub fn function(self) -> Option<&'static str> {
        match self {
            Group::Submission => Some("submission"),
            Group::Status => Some("status"),
            Group::Account => Some("account"),
            Group::Workspace => Some("workspace"),
            Group::Chat => Some("chat"),
            Group::Dev => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    Get,
    Post,
    Put,
    Delete,
}

impl Verb {
    pub fn as_str(self) -> &'static str {
        match self {
            Verb::Get => "GET",
            Verb::Post => "POST",
            Verb::Put => "PUT",
            Verb::Delete => "DELETE",
        }
    }

    pub fn filter(self) -> MethodFilter {
        match self {
            Verb::Get => MethodFilter::GET,
            Verb::Post => MethodFilter::POST,
            Verb::Put => MethodFilter::PUT,
            Verb::Delete => MethodFilter::DELETE,
        }
    }
}

/// One route: the method and the path under `/api/v1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Endpoint {
    pub group: Group,
    pub verb: Verb,
    pub path: &'static str,
    /// Served only by the local server (the bytes of an upload go to S3 in AWS).
    pub local_only: bool,
}

/// The account endpoints that work without a session: they make one.
const SIGN_IN: [&str; 3] = ["/auth/code", "/auth/verify", "/auth/staff"];

/// Account endpoints that answer anyone, signed in or not.
const ANYONE: [&str; 2] = ["/auth/sign-out", "/auth/session"];

impl Endpoint {
    /// Whether the caller must be signed in (401 otherwise). Sign-out and the session
    /// question answer anyone.
    pub fn needs_session(&self) -> bool {
        match self.group {
            Group::Workspace => true,
            // The citizen's chat works with its key; the console needs a session.
            Group::Chat => self.path.starts_with("/staff/"),
            Group::Account => !SIGN_IN.contains(&self.path) && !ANYONE.contains(&self.path),
            Group::Submission | Group::Status | Group::Dev => false,
        }
    }

    /// The full path, as API Gateway and the OpenAPI document write it.
    pub fn full_path(&self) -> String {
        format!("{}{}", helpdesk_shared::api::PREFIX, self.path)
    }
}

/// A group's table being built: the router and the list grow together.
pub struct Routes {
    group: Group,
    router: Router<AppState>,
    endpoints: Vec<Endpoint>,
}

impl Routes {
    pub fn new(group: Group) -> Routes {
        Routes {
            group,
            router: Router::new(),
            endpoints: Vec::new(),
        }
    }

    /// Adds `handler` for `verb` at `path`.
    pub fn at<H, T>(self, verb: Verb, path: &'static str, handler: H) -> Routes
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add(verb, path, on(verb.filter(), handler), false)
    }

    /// Adds a method router made for `verb` (one that carries a layer of its own); the
    /// tests check that it answers `verb`.
    pub fn at_router(
        self,
        verb: Verb,
        path: &'static str,
        route: MethodRouter<AppState>,
    ) -> Routes {
        self.add(verb, path, route, false)
    }

    /// As `at_router`, for a route the local server serves and AWS does not.
    pub fn local(self, verb: Verb, path: &'static str, route: MethodRouter<AppState>) -> Routes {
        self.add(verb, path, route, true)
    }

    fn add(
        mut self,
        verb: Verb,
        path: &'static str,
        route: MethodRouter<AppState>,
        local_only: bool,
    ) -> Routes {
        // The full path: a router nested under the prefix stripped it from every call's
        // URI and rebuilt the URI (≈ 2 % of a status lookup's profile).
        let full = format!("{}{path}", helpdesk_shared::api::PREFIX);
        self.router = self.router.route(&full, route);
        self.endpoints.push(Endpoint {
            group: self.group,
            verb,
            path,
            local_only,
        });
        self
    }

    pub fn group(&self) -> Group {
        self.group
    }

    pub fn endpoints(&self) -> &[Endpoint] {
        &self.endpoints
    }

    pub fn into_router(self) -> Router<AppState> {
        self.router
    }
}
