//! Who is calling, for rate limits: the connection's address, unless a proxy we trust
//! tells us the client's.
//!
//! Behind CloudFront, API Gateway's `sourceIp` is CloudFront's edge, shared by every
//! citizen behind it; CloudFront forwards the viewer's address in
//! `CloudFront-Viewer-Address` (the origin request policy includes it). That header is
//! believed only on requests that carry the origin secret CloudFront adds to every request
//! it sends to the API (`X-Origin-Verify`, a stack parameter): a caller going to the API's
//! own URL can write any header but does not know the secret, and is counted by its own
//! address.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;

use super::AppState;
use crate::ids::same_secret;

/// The header CloudFront adds to origin requests with the shared secret.
pub const ORIGIN_SECRET_HEADER: &str = "x-origin-verify";
const VIEWER_ADDRESS_HEADER: &str = "cloudfront-viewer-address";

/// Who, in front of this server, may tell the client's address.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Proxy {
    /// Nobody: the connection's address (API Gateway's `sourceIp` on Lambda).
    #[default]
    None,
    /// A local reverse proxy that appends the address it saw to `X-Forwarded-For`: the
    /// last entry is the proxy's; the ones before it are whatever the client wrote.
    ForwardedFor,
    /// CloudFront with this origin secret.
    CloudFront { secret: String },
}

pub struct Client(pub String);

impl FromRequestParts<AppState> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        Ok(Client(client_address(&state.proxy, &parts.headers, peer)))
    }
}

/// The address to count a caller by.
pub fn client_address(proxy: &Proxy, headers: &HeaderMap, peer: Option<IpAddr>) -> String {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let told = match proxy {
        Proxy::None => None,
        Proxy::ForwardedFor => header("x-forwarded-for")
            .and_then(|v| v.rsplit(',').next())
            .and_then(|last| last.trim().parse::<IpAddr>().ok()),
        Proxy::CloudFront { secret } => header(ORIGIN_SECRET_HEADER)
            .filter(|given| !secret.is_empty() && same_secret(given, secret))
            .and_then(|_| header(VIEWER_ADDRESS_HEADER))
            .and_then(viewer_ip),
    };
    told.or(peer)
        .map_or_else(|| "unknown".to_owned(), |ip| ip.to_string())
}

/// `CloudFront-Viewer-Address` is `ip:port`, the IPv6 form unbracketed (`2001:db8::1:443`).
fn viewer_ip(value: &str) -> Option<IpAddr> {
    let (ip, port) = value.trim().rsplit_once(':')?;
    port.parse::<u16>().ok()?;
    ip.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_str(v).expect("header"));
        }
        h
    }

    const EDGE: Option<IpAddr> = Some(IpAddr::V4(std::net::Ipv4Addr::new(130, 176, 1, 1)));

    #[test]
    fn the_connection_counts_unless_a_trusted_proxy_says_otherwise() {
        let forged = headers(&[
            ("x-forwarded-for", "1.2.3.4"),
            ("cloudfront-viewer-address", "1.2.3.4:5555"),
        ]);
        assert_eq!(client_address(&Proxy::None, &forged, EDGE), "130.176.1.1");
        assert_eq!(client_address(&Proxy::None, &forged, None), "unknown");
    }

    #[test]
    fn forwarded_for_takes_the_entry_the_proxy_appended() {
        let h = headers(&[("x-forwarded-for", "6.6.6.6, 203.0.113.9")]);
        assert_eq!(
            client_address(&Proxy::ForwardedFor, &h, EDGE),
            "203.0.113.9"
        );
        let h = headers(&[("x-forwarded-for", "not an address")]);
        assert_eq!(
            client_address(&Proxy::ForwardedFor, &h, EDGE),
            "130.176.1.1"
        );
    }

    #[test]
    fn cloudfront_viewer_address_only_with_the_origin_secret() {
        let proxy = Proxy::CloudFront {
            secret: "s3cr3t-0123456789abcdef0123456789".into(),
        };
        let through = headers(&[
            ("x-origin-verify", "s3cr3t-0123456789abcdef0123456789"),
            ("cloudfront-viewer-address", "198.51.100.23:46532"),
        ]);
        assert_eq!(client_address(&proxy, &through, EDGE), "198.51.100.23");
        let v6 = headers(&[
            ("x-origin-verify", "s3cr3t-0123456789abcdef0123456789"),
            ("cloudfront-viewer-address", "2001:db8:1::7:443"),
        ]);
        assert_eq!(client_address(&proxy, &v6, EDGE), "2001:db8:1::7");
        for wrong in ["", "s3cr3t", "s3cr3t-0123456789abcdef012345678X"] {
            let direct = headers(&[
                ("x-origin-verify", wrong),
                ("cloudfront-viewer-address", "198.51.100.23:46532"),
            ]);
            assert_eq!(
                client_address(&proxy, &direct, EDGE),
                "130.176.1.1",
                "{wrong:?}"
            );
        }
        let garbled = headers(&[
            ("x-origin-verify", "s3cr3t-0123456789abcdef0123456789"),
            ("cloudfront-viewer-address", "nonsense"),
        ]);
        assert_eq!(client_address(&proxy, &garbled, EDGE), "130.176.1.1");
    }
}
