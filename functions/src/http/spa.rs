//! The built SPA: hashed assets under `/assets/` cached for a year, brotli or gzip
//! variants served when the browser accepts them, every other path answered with a
//! bundle's page (client-side routing): `/` with `index.html` (the home page, pre-rendered,
//! with its own small module), `/submit` with `submit.html` (the request form, the same
//! way), `/staff` and `/staff/*` with `staff.html` (the staff's bundle), the rest with
//! `app.html` (the citizens' app), as CloudFront's function does.
//! Security headers go on every response.

use std::path::Path;

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use tower_http::services::{ServeDir, ServeFile};

/// Scripts only from our origin, wasm compilation allowed, no inline code, no framing.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
    img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; \
    base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

pub fn spa_service(dir: &Path) -> ServeDir<ServeFile> {
    ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(page(dir, "app.html"))
}

/// The request form's page, for `/submit`.
pub fn form_page(dir: &Path) -> ServeFile {
    page(dir, "submit.html")
}

/// The staff's bundle's page, for `/staff` and everything under it.
pub fn staff_page(dir: &Path) -> ServeFile {
    page(dir, "staff.html")
}

fn page(dir: &Path, name: &str) -> ServeFile {
    ServeFile::new(dir.join(name))
        .precompressed_br()
        .precompressed_gzip()
}

/// Security and cache headers for every response of the local server.
pub async fn security_headers(req: Request, next: Next) -> Response {
    let immutable = req.uri().path().starts_with("/assets/");
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    let set = |h: &mut axum::http::HeaderMap, name: HeaderName, value: &'static str| {
        h.entry(name).or_insert(HeaderValue::from_static(value));
    };
    set(h, header::CONTENT_SECURITY_POLICY, CSP);
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::X_FRAME_OPTIONS, "DENY");
    set(h, header::REFERRER_POLICY, "no-referrer");
    set(
        h,
        HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=()",
    );
    set(
        h,
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    set(
        h,
        header::CACHE_CONTROL,
        if immutable {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        },
    );
    resp
}
