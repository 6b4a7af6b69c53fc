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

/// The local server's routes with security and cache headers on every response: hashed
/// assets under `/assets/` cached for a year (and a missing one a 404, never a page);
/// `no-cache` wherever the response did not say (API answers say `no-store`). The header
/// layers wrap the whole site once, as one statically typed service behind an outer
/// router's fallback: `Router::layer` wrapped every route in each of them, so a call
/// cloned and boxed seven services (≈ 3 % of a status lookup's profile), and a `from_fn`
/// middleware boxed the router's service on every call.
pub fn with_site(api: Router, dir: &Path) -> Router {
    let assets = ServeDir::new(dir.join("assets"))
        .precompressed_br()
        .precompressed_gzip();
    let set = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    };
    let site = api
        .route_service("/submit", form_page(dir))
        .nest_service("/staff", staff_page(dir))
        .nest_service(
            "/assets",
            tower::ServiceBuilder::new()
                .layer(set(
                    header::CACHE_CONTROL,
                    "public, max-age=31536000, immutable",
                ))
                .service(assets),
        )
        .fallback_service(spa_service(dir));
    let headers = tower::ServiceBuilder::new()
        .layer(set(
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ))
        .layer(set(
            HeaderName::from_static("permissions-policy"),
            "camera=(), microphone=(), geolocation=()",
        ))
        .layer(set(header::REFERRER_POLICY, "no-referrer"))
        .layer(set(header::X_FRAME_OPTIONS, "DENY"))
        .layer(set(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(set(header::CONTENT_SECURITY_POLICY, CSP))
        .layer(set(header::CACHE_CONTROL, "no-cache"));
    Router::new().fallback_service(headers.service(site))
}
