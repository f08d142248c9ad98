//! What the islands share in the browser.
//!
//! The app runs in islands mode: pages are rendered on the server only, and
//! the browser's bundle holds just the interactive parts (`#[island]`
//! components: the search box, the chart controls, the fine calculator, the
//! staff editors). Inside an island there is no router in the browser, so
//! the router's hooks are replaced by the functions here, which read the
//! router on the server and the address bar in the browser; navigating is a
//! page load.

use leptos::prelude::*;

/// The value of query parameter `name` in the page's address, if present.
pub fn query(name: &str) -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        let search = window().location().search().ok()?;
        search
            .trim_start_matches('?')
            .split('&')
            .filter_map(|pair| pair.split_once('=').or(Some((pair, ""))))
            .find(|(key, _)| decode(key) == name)
            .map(|(_, value)| decode(value))
    }
    #[cfg(not(feature = "hydrate"))]
    {
        leptos_router::hooks::use_query_map().with_untracked(|query| query.get(name))
    }
}

/// The path of the page, `/edit/SJ`.
pub fn current_path() -> String {
    #[cfg(feature = "hydrate")]
    {
        window().location().pathname().unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        leptos_router::hooks::use_location()
            .pathname
            .get_untracked()
    }
}

/// Loads `url` as the next page (a no-op on the server, where nothing
/// navigates).
pub fn go(url: &str) {
    #[cfg(feature = "hydrate")]
    {
        let _ = window().location().assign(url);
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = url;
    }
}

/// Loads the page again (after an action whose result the server renders).
pub fn reload() {
    #[cfg(feature = "hydrate")]
    {
        let _ = window().location().reload();
    }
}

/// A form component decoded: `+` is a space, `%XX` a byte of UTF-8.
#[cfg(any(feature = "hydrate", test))]
fn decode(component: &str) -> String {
    let bytes = component.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = |b: u8| (b as char).to_digit(16);
                match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                    (Some(high), Some(low)) => {
                        // Two hex digits make one byte.
                        out.push((high * 16 + low) as u8);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Called by every island once it is interactive: when all islands on the
/// page are, `<body>` gets `data-hydrated` (what the browser tests wait
/// for). A page without islands is marked by [`crate::hydrate`].
pub fn mark_hydrated() {
    #[cfg(feature = "hydrate")]
    Effect::new(|_| {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static READY: AtomicUsize = AtomicUsize::new(0);
        let ready = READY.fetch_add(1, Ordering::Relaxed) + 1;
        let document = document();
        let total = document
            .query_selector_all("leptos-island")
            .map(|islands| islands.length() as usize)
            .unwrap_or(0);
        if ready >= total
            && let Some(body) = document.body()
        {
            let _ = body.set_attribute("data-hydrated", "");
        }
    });
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn form_components_are_decoded_as_browsers_encode_them() {
        assert_eq!(decode("%E8%AE%B8%E5%8F%AF+a"), "许可 a");
        assert_eq!(decode("50%"), "50%");
        assert_eq!(decode("%zz"), "%zz");
        assert_eq!(decode("v2024.1"), "v2024.1");
    }
}
