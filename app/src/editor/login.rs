//! The sign-in page: a plain form posted to `/login`, so it works without
//! JavaScript; the server redirects back here with `?error=` when it fails.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::links;
use crate::text;

/// The `/login` route.
#[component]
pub fn LoginPage() -> impl IntoView {
    let query = use_query_map();
    let error = move || query.read().get("error").unwrap_or_default();
    let name = query.read_untracked().get("name").unwrap_or_default();
    let next = query
        .read_untracked()
        .get("next")
        .filter(|n| n.starts_with('/') && !n.starts_with("//"))
        .unwrap_or_else(|| links::EDIT_HOME.to_owned());
    view! {
        <Title text=text::page_title(&[text::SIGN_IN])/>
        <div class="login">
            <h1>{text::SIGN_IN}</h1>
            <p>{text::SIGN_IN_INTRO}</p>
            {move || {
                let message = match error().as_str() {
                    "" => None,
                    "invalid" => Some(text::LOGIN_INVALID),
                    "throttled" => Some(text::LOGIN_THROTTLED),
                    _ => Some(text::LOGIN_FAILED),
                };
                message.map(|m| view! { <p class="form-error" role="alert">{m}</p> })
            }}
            <form method="post" action=links::LOGIN class="login-form">
                <input type="hidden" name="next" value=next/>
                <div class="field">
                    <label for="login-name">{text::USER_NAME}</label>
                    <input id="login-name" name="name" type="text" autocomplete="username" required value=name/>
                </div>
                <div class="field">
                    <label for="login-password">{text::PASSWORD}</label>
                    <input id="login-password" name="password" type="password" autocomplete="current-password" required/>
                </div>
                <button type="submit" class="button">{text::SIGN_IN}</button>
            </form>
        </div>
    }
}
