//! What every API call goes through, as one static layer (`ApiCalls`): the CSRF guard
//! (`session::csrf_refusal`); `Cache-Control: no-store`, as API answers carry personal
//! data, unless the handler said otherwise for public content (the knowledge base's
//! articles); and one log line per call: the route template (never the path with its
//! number), the status and the time taken — no bodies, no personal data.
//!
//! It was an `axum::middleware::from_fn` function, which on every call boxed the router's
//! service behind it and its own future (a status lookup's profile: ≈ 1 % of the server's
//! time between the two allocations, the clone and the moves of the boxed futures).

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::http::{HeaderValue, Method, header};
use axum::response::Response;
use pin_project_lite::pin_project;
use tower::{Layer, Service};

use super::session;

/// The layer (`Router::layer` puts it on every route, after routing: the matched route
/// is known).
#[derive(Debug, Clone, Copy)]
pub struct ApiCalls;

impl<S> Layer<S> for ApiCalls {
    type Service = ApiCall<S>;

    fn layer(&self, inner: S) -> ApiCall<S> {
        ApiCall { inner }
    }
}

#[derive(Debug, Clone)]
pub struct ApiCall<S> {
    inner: S,
}

impl<S> Service<Request> for ApiCall<S>
where
    S: Service<Request, Response = Response, Error = Infallible>,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Call<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Call<S::Future> {
        let started = Instant::now();
        let method = req.method().clone();
        // An `Arc` inside: cloned, not copied.
        let route = req.extensions().get::<MatchedPath>().cloned();
        let (inner, refused) = match session::csrf_refusal(&req) {
            Some(refused) => (None, Some(refused)),
            None => (Some(self.inner.call(req)), None),
        };
        Call {
            inner,
            refused,
            started,
            method,
            route,
        }
    }
}

pin_project! {
    /// One call: the route's answer (or the CSRF guard's refusal), then the header and
    /// the log line.
    pub struct Call<F> {
        #[pin]
        inner: Option<F>,
        refused: Option<Response>,
        started: Instant,
        method: Method,
        route: Option<MatchedPath>,
    }
}

impl<F> Future for Call<F>
where
    F: Future<Output = Result<Response, Infallible>>,
{
    type Output = Result<Response, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let mut resp = match this.inner.as_pin_mut() {
            Some(answer) => match answer.poll(cx) {
                Poll::Ready(Ok(resp)) => resp,
                Poll::Ready(Err(never)) => match never {},
                Poll::Pending => return Poll::Pending,
            },
            None => match this.refused.take() {
                Some(refused) => refused,
                None => panic!("an API call's future polled after it completed"),
            },
        };
        resp.headers_mut()
            .entry(header::CACHE_CONTROL)
            .or_insert(HeaderValue::from_static("no-store"));
        let route = this
            .route
            .as_ref()
            .map_or("(unmatched)", MatchedPath::as_str);
        let method = &*this.method;
        let ms = this.started.elapsed().as_secs_f64() * 1000.0;
        let status = resp.status().as_u16();
        if status >= 500 {
            tracing::error!(%method, %route, status, ms, "request failed");
        } else {
            tracing::info!(%method, %route, status, ms, "request");
        }
        Poll::Ready(Ok(resp))
    }
}
