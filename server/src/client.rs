//! Who is asking: the client address that throttles count.
//!
//! The peer of the TCP connection is the client, unless it is a reverse
//! proxy the operator named with `--trusted-proxy CIDR`: then the client
//! is the right-most address in `X-Forwarded-For` that is not itself one
//! of the trusted proxies (the left part of the header is whatever the
//! client chose to send, and is never believed). Without the option the
//! header is ignored, so nobody can pick the address their attempts are
//! counted under.

use std::net::{IpAddr, SocketAddr};

use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Request};
use ipnet::IpNet;

/// The client address of a request, as text; `unknown` when there is no
/// socket (router tests).
pub fn address<B>(request: &Request<B>, trusted_proxy: Option<IpNet>) -> String {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    match peer {
        Some(peer) => resolve(peer, request.headers(), trusted_proxy).to_string(),
        None => "unknown".to_owned(),
    }
}

/// [`address`] from the peer and the headers.
fn resolve(peer: IpAddr, headers: &HeaderMap, trusted_proxy: Option<IpNet>) -> IpAddr {
    let Some(trusted) = trusted_proxy.filter(|net| net.contains(&peer)) else {
        return peer;
    };
    let forwarded: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|a| a.trim().parse::<IpAddr>())
        .collect::<Result<_, _>>()
        // A header that does not parse tells nothing reliable.
        .unwrap_or_default();
    forwarded
        .into_iter()
        .rev()
        .find(|a| !trusted.contains(a))
        .unwrap_or(peer)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(forwarded: &[&str]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for value in forwarded {
            map.append(
                "x-forwarded-for",
                value.parse().unwrap_or_else(|e| panic!("{e}")),
            );
        }
        map
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn forwarded_for_is_believed_only_from_a_trusted_proxy() {
        let proxy: IpNet = "10.0.0.0/8".parse().unwrap_or_else(|e| panic!("{e}"));
        let spoofed = headers(&["203.0.113.9"]);
        // No option: the header is ignored.
        assert_eq!(
            resolve(ip("198.51.100.7"), &spoofed, None),
            ip("198.51.100.7")
        );
        // A peer outside the trusted range: ignored too.
        assert_eq!(
            resolve(ip("198.51.100.7"), &spoofed, Some(proxy)),
            ip("198.51.100.7")
        );
        // Through the proxy: the address the proxy appended.
        assert_eq!(
            resolve(
                ip("10.0.0.2"),
                &headers(&["1.2.3.4, 203.0.113.9"]),
                Some(proxy)
            ),
            ip("203.0.113.9")
        );
        // Two trusted hops, and a second header line.
        assert_eq!(
            resolve(
                ip("10.0.0.2"),
                &headers(&["1.2.3.4", "203.0.113.9, 10.0.0.5"]),
                Some(proxy)
            ),
            ip("203.0.113.9")
        );
        // Nothing usable: the proxy itself.
        assert_eq!(
            resolve(ip("10.0.0.2"), &headers(&["garbage"]), Some(proxy)),
            ip("10.0.0.2")
        );
        assert_eq!(
            resolve(ip("10.0.0.2"), &HeaderMap::new(), Some(proxy)),
            ip("10.0.0.2")
        );
    }
}
