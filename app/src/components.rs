//! Small pieces shared by several pages: GET forms, badges, dates, phones.

use data::IsoDate;
use leptos::html;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use crate::links;

/// A GET form with one `<select>`: it works as a plain form without
/// JavaScript; after hydration it navigates inside the app, and with
/// `navigate_on_change` already when the selection changes.
#[component]
pub fn QuerySelect(
    /// The path the form submits to.
    action: String,
    /// The query parameter the select sets.
    name: &'static str,
    /// The visible label of the select.
    label: &'static str,
    /// The text of the submit button.
    button: &'static str,
    /// `(value, text)` of each option.
    options: Vec<(String, String)>,
    /// The value selected now.
    #[prop(into)]
    selected: Signal<String>,
    /// Other query parameters to keep, sent as hidden inputs (left out
    /// while empty).
    #[prop(optional)]
    keep: Vec<(&'static str, Signal<String>)>,
    /// A hint under the label, tied to the select with `aria-describedby`.
    #[prop(optional)]
    hint: Option<&'static str>,
    /// Whether to navigate as soon as the selection changes.
    #[prop(optional)]
    navigate_on_change: bool,
) -> impl IntoView {
    let select_id = format!("{name}-select");
    let hint_id = format!("{name}-hint");
    let select_ref = NodeRef::<html::Select>::new();
    let navigate = use_navigate();
    let target = {
        let action = action.clone();
        let keep = keep.clone();
        move |value: &str| {
            let kept: Vec<(&str, String)> =
                keep.iter().map(|(k, v)| (*k, v.get_untracked())).collect();
            let mut params: Vec<(&str, &str)> =
                kept.iter().map(|(k, v)| (*k, v.as_str())).collect();
            params.push((name, value));
            links::with_query(&action, &params)
        }
    };
    let on_submit = {
        let navigate = navigate.clone();
        let target = target.clone();
        move |ev: leptos::ev::SubmitEvent| {
            if let Some(select) = select_ref.get_untracked() {
                ev.prevent_default();
                navigate(&target(&select.value()), NavigateOptions::default());
            }
        }
    };
    let on_change = move |ev: leptos::ev::Event| {
        if navigate_on_change {
            navigate(
                &target(&event_target_value(&ev)),
                NavigateOptions {
                    scroll: false,
                    ..NavigateOptions::default()
                },
            );
        }
    };
    let hidden = keep
        .into_iter()
        .map(|(key, value)| {
            view! {
                <input
                    type="hidden"
                    name=key
                    value=move || value.get()
                    disabled=move || value.get().is_empty()
                />
            }
        })
        .collect_view();
    let options = options
        .into_iter()
        .map(|(value, text)| {
            let is_selected = {
                let value = value.clone();
                move || selected.get() == value
            };
            view! {
                <option value=value selected=is_selected>
                    {text}
                </option>
            }
        })
        .collect_view();
    view! {
        <form class="query-form" method="get" action=action on:submit=on_submit>
            {hidden}
            <div class="query-form__field">
                <label for=select_id.clone()>{label}</label>
                <select
                    id=select_id
                    name=name
                    node_ref=select_ref
                    aria-describedby=hint.map(|_| hint_id.clone())
                    prop:value=move || selected.get()
                    on:change=on_change
                >
                    {options}
                </select>
            </div>
            <button type="submit">{button}</button>
            {hint.map(|hint| view! { <p class="query-form__hint" id=hint_id>{hint}</p> })}
        </form>
    }
}

/// A short label in a box; it always carries text, never colour alone.
#[component]
pub fn Badge(
    /// The text.
    #[prop(into)]
    text: String,
    /// A modifier for the style, e.g. `risk-high`.
    #[prop(optional)]
    kind: &'static str,
) -> impl IntoView {
    let class = if kind.is_empty() {
        "badge".to_owned()
    } else {
        format!("badge badge--{kind}")
    };
    view! { <span class=class>{text}</span> }
}

/// A date written in Chinese, machine-readable in `datetime`.
#[component]
pub fn DateText(
    /// The date.
    date: IsoDate,
) -> impl IntoView {
    view! { <time datetime=date.to_string()>{date.to_chinese()}</time> }
}

/// A phone number as a `tel:` link; the text keeps remarks like `（示例）`.
#[component]
pub fn PhoneLink(
    /// The number as published.
    phone: String,
) -> impl IntoView {
    let dial: String = phone
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | ' '))
        .filter(|c| !c.is_whitespace())
        .collect();
    if dial.chars().any(|c| c.is_ascii_digit()) {
        view! { <a class="phone" href=format!("tel:{dial}")>{phone}</a> }.into_any()
    } else {
        view! { <span class="phone">{phone}</span> }.into_any()
    }
}
