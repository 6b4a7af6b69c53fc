//! Sessions over HTTP: the cookie, the extractors that put a role check on every
//! handler, and the CSRF rule.
//!
//! The cookie is `HttpOnly; Secure; SameSite=Strict; Path=/api` — scripts cannot read it,
//! other sites cannot send it. On top of that, a write (any method but GET/HEAD) that
//! carries the cookie must also carry `X-Helpdesk-Request: 1`, a header a form on another
//! site cannot set and a cross-origin script cannot send without a CORS preflight that
//! this API never grants.

use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::response::{IntoResponse, Response};
use helpdesk_shared::auth::{Contact, Role};

use super::{ApiError, AppState};
use crate::auth::{Caller, NewSession, StaffAccount};

pub const COOKIE: &str = "hd_session";
pub use helpdesk_shared::api::CSRF_HEADER;

/// The session token from the Cookie header, if any.
pub fn token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.trim().to_owned())
}

pub fn set_cookie(session: &NewSession) -> HeaderValue {
    let value = format!(
        "{COOKIE}={}; Path=/api; HttpOnly; Secure; SameSite=Strict; Max-Age={}",
        session.token,
        session.max_age.whole_seconds()
    );
    HeaderValue::from_str(&value).expect("hex token and digits make a valid header")
}

pub fn clear_cookie() -> HeaderValue {
    HeaderValue::from_static("hd_session=; Path=/api; HttpOnly; Secure; SameSite=Strict; Max-Age=0")
}

/// Refuses cookie-authenticated writes without the SPA's header: the refusal, or `None`
/// to go on.
pub fn csrf_refusal(req: &Request) -> Option<Response> {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let has_cookie = token(req.headers()).is_some();
    let marked = req
        .headers()
        .get(CSRF_HEADER)
        .is_some_and(|v| v.as_bytes() == b"1");
    if !safe && has_cookie && !marked {
        tracing::warn!(method = %req.method(), "write with a session cookie but no request header");
        return Some(ApiError::Csrf.into_response());
    }
    None
}

async fn resolve(parts: &Parts, state: &AppState) -> Result<Option<Caller>, ApiError> {
    match token(&parts.headers) {
        Some(t) => Ok(state.auth.caller(&t).await?),
        None => Ok(None),
    }
}

/// Anyone signed in (401 otherwise).
impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        resolve(parts, state).await?.ok_or(ApiError::Unauthorized)
    }
}

/// Whoever is signed in, if anyone.
pub struct MaybeCaller(pub Option<Caller>);

impl FromRequestParts<AppState> for MaybeCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        Ok(MaybeCaller(resolve(parts, state).await?))
    }
}

/// The signed-in citizen, if any (submission works either way).
pub struct MaybeCitizen(pub Option<Contact>);

impl FromRequestParts<AppState> for MaybeCitizen {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        Ok(MaybeCitizen(match resolve(parts, state).await? {
            Some(Caller::Citizen(c)) => Some(c),
            _ => None,
        }))
    }
}

/// A signed-in citizen (401 for nobody, 403 for staff).
pub struct Citizen(pub Contact);

impl FromRequestParts<AppState> for Citizen {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        match resolve(parts, state).await? {
            Some(Caller::Citizen(c)) => Ok(Citizen(c)),
            Some(Caller::Staff(_)) => Err(ApiError::Forbidden),
            None => Err(ApiError::Unauthorized),
        }
    }
}

/// A signed-in staff member, any role (401 for nobody, 403 for citizens). Handlers
/// narrow the role with `require`.
pub struct Staff(pub StaffAccount);

impl FromRequestParts<AppState> for Staff {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        match resolve(parts, state).await? {
            Some(Caller::Staff(a)) => Ok(Staff(a)),
            Some(Caller::Citizen(_)) => Err(ApiError::Forbidden),
            None => Err(ApiError::Unauthorized),
        }
    }
}

impl Staff {
    /// 403 unless the account has one of the roles.
    pub fn require(&self, roles: &[Role]) -> Result<(), ApiError> {
        if roles.contains(&self.0.role) {
            Ok(())
        } else {
            tracing::warn!(login = %self.0.login, role = self.0.role.code(), "role refused");
            Err(ApiError::Forbidden)
        }
    }
}
