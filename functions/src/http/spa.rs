//! The built SPA: hashed assets under `/assets/` cached for a year, brotli or gzip
//! variants served when the browser accepts them, every other path answered with a
//! bundle's page (client-side routing): `/` with `index.html` (the home page, pre-rendered,
//! with its own small module), `/submit` with `submit.html` (the request form, the same
//! way), `/staff` and `/staff/*` with `staff.html` (the staff's bundle), the rest with
//! `app.html` (the citizens' app), as CloudFront's function does.
//! Security headers go on every response (`with_site`).

use std::path::Path;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use axum::response::Response;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

/// Scripts only from our origin, wasm compilation allowed, no inline code, no framing.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
    img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; \
    base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

fn spa_service(dir: &Path) -> ServeDir<ServeFile> {
    ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(page(dir, "app.html"))
}

/// The request form's page, for `/submit`.
fn form_page(dir: &Path) -> ServeFile {
    page(dir, "submit.html")
}

/// The staff's bundle's page, for `/staff` and everything under it.
fn staff_page(dir: &Path) -> ServeFile {
    page(dir, "staff.html")
}

fn page(dir: &Path, name: &str) -> ServeFile {
    ServeFile::new(dir.join(name))
        .precompressed_br()
        .precompressed_gzip()
}

/// The headers every response of the local server carries unless it set its own
/// (CloudFront's response headers policy does this in AWS).
const SECURITY_HEADERS: [(HeaderName, &str); 7] = [
    (header::CONTENT_SECURITY_POLICY, CSP),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::X_FRAME_OPTIONS, "DENY"),
    (header::REFERRER_POLICY, "no-referrer"),
    (
        HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=()",
    ),
    (
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    ),
    // Revalidated, wherever the response did not say (API answers say `no-store`).
    (header::CACHE_CONTROL, "no-cache"),
];

fn with_security_headers(mut resp: Response) -> Response {
    let headers = resp.headers_mut();
    for (name, value) in SECURITY_HEADERS {
        headers
            .entry(name)
            .or_insert(HeaderValue::from_static(value));
    }
    resp
}

/// The local server's routes with security and cache headers on every response: hashed
/// assets under `/assets/` cached for a year (and a missing one a 404, never a page);
/// `no-cache` wherever the response did not say (API answers say `no-store`). The headers
/// are set by one function around the whole site, a static service behind an outer
/// router's fallback: `Router::layer` had wrapped every route in a layer per header, so a
/// call cloned and boxed seven services (≈ 3 % of a status lookup's profile), and then
/// seven nested layers each looked its header up and wrapped the answer's future.
pub fn with_site(api: Router, dir: &Path) -> Router {
    let assets = ServeDir::new(dir.join("assets"))
        .precompressed_br()
        .precompressed_gzip();
    let site = api
        .route_service("/submit", form_page(dir))
        .nest_service("/staff", staff_page(dir))
        .nest_service(
            "/assets",
            tower::ServiceBuilder::new()
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=31536000, immutable"),
                ))
                .service(assets),
        )
        .fallback_service(spa_service(dir));
    let headers = tower::ServiceBuilder::new().map_response(with_security_headers);
    Router::new().fallback_service(headers.service(site))
}
