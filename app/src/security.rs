//! The Content-Security-Policy of the site, in one place: pages get
//! [`page_policy`] with the nonce of their render (set by [`crate::shell`]);
//! every other response (JSON, SVG, PNG, files, plain errors) gets
//! [`RESOURCE_POLICY`] from the server's header middleware.

/// The policy of a rendered page. Scripts run only with the render's nonce
/// (the hydration script and the serialised resources carry it) or when
/// loaded by one ('strict-dynamic': the wasm glue); wasm may be compiled;
/// styles come from the site (inline `style` attributes of charts
/// included); nothing may frame the page, and forms post only here.
pub fn page_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'nonce-{nonce}' 'strict-dynamic' 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; \
         connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'"
    )
}

/// The policy of everything that is not a page: nothing runs, an SVG
/// opened on its own keeps its inline styles, nothing may frame it.
pub const RESOURCE_POLICY: &str = "default-src 'none'; img-src 'self' data:; \
     style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
