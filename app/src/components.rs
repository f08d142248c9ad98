//! Small pieces shared by several pages: GET forms, badges, dates, phones.

use data::IsoDate;
use leptos::prelude::*;

/// A GET form with one `<select>`: a plain form, which with
/// `navigate_on_change` (and JavaScript) is sent as soon as the selection
/// changes ([`SubmitOnChange`]).
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
    /// Whether to send the form as soon as the selection changes.
    #[prop(optional)]
    navigate_on_change: bool,
) -> impl IntoView {
    let select_id = format!("{name}-select");
    let hint_id = format!("{name}-hint");
    let hidden = keep
        .into_iter()
        .filter(|(_, value)| !value.get_untracked().is_empty())
        .map(|(key, value)| {
            view! { <input type="hidden" name=key value=value.get_untracked()/> }
        })
        .collect_view();
    let selected = selected.get_untracked();
    let options = options
        .into_iter()
        .map(|(value, text)| {
            let is_selected = selected == value;
            view! {
                <option value=value selected=is_selected>
                    {text}
                </option>
            }
        })
        .collect_view();
    let form = view! {
        <form class="query-form" method="get" action=action>
            {hidden}
            <div class="query-form__field">
                <label for=select_id.clone()>{label}</label>
                <select
                    id=select_id
                    name=name
                    aria-describedby=hint.map(|_| hint_id.clone())
                >
                    {options}
                </select>
            </div>
            <button type="submit">{button}</button>
            {hint.map(|hint| view! { <p class="query-form__hint" id=hint_id>{hint}</p> })}
        </form>
    };
    if navigate_on_change {
        view! { <SubmitOnChange>{form}</SubmitOnChange> }.into_any()
    } else {
        form.into_any()
    }
}

/// Sends the form a `<select>` inside it belongs to as soon as its
/// selection changes; the page then loads with the new query, and the
/// select has the focus again, so a keyboard user stays where they were.
/// Fields without a value are left out of the address (`?category=` reads
/// as "all" anyway). Without JavaScript the form's own button sends it.
#[island]
pub fn SubmitOnChange(children: Children) -> impl IntoView {
    crate::islands::mark_hydrated();
    #[cfg(feature = "hydrate")]
    Effect::new(|_| refocus::restore());
    let on_change = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        refocus::changed(&ev);
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        refocus::submitted(&ev);
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    view! {
        <div class="submit-on-change" on:change=on_change on:submit=on_submit>
            {children()}
        </div>
    }
}

/// The select that sent its form, remembered across the page load.
#[cfg(feature = "hydrate")]
mod refocus {
    use leptos::prelude::*;
    use leptos::wasm_bindgen::JsCast;
    use web_sys::{HtmlFormElement, HtmlInputElement, HtmlSelectElement};

    const KEY: &str = "sunlit-refocus";

    pub(super) fn changed(ev: &leptos::ev::Event) {
        let Some(select) = ev
            .target()
            .and_then(|target| target.dyn_into::<HtmlSelectElement>().ok())
        else {
            return;
        };
        if let Ok(Some(storage)) = window().session_storage() {
            let _ = storage.set_item(KEY, &select.id());
        }
        if let Some(form) = select.form() {
            send(&form);
        }
    }

    pub(super) fn submitted(ev: &leptos::ev::SubmitEvent) {
        let Some(form) = ev
            .target()
            .and_then(|target| target.dyn_into::<HtmlFormElement>().ok())
        else {
            return;
        };
        ev.prevent_default();
        send(&form);
    }

    /// Loads the form's GET address with the fields that have a value.
    fn send(form: &HtmlFormElement) {
        let (Ok(fields), Ok(params)) = (
            form.query_selector_all("select[name], input[name]"),
            web_sys::UrlSearchParams::new(),
        ) else {
            return;
        };
        for index in 0..fields.length() {
            let Some(field) = fields.item(index) else {
                continue;
            };
            let named = if let Some(select) = field.dyn_ref::<HtmlSelectElement>() {
                (!select.disabled()).then(|| (select.name(), select.value()))
            } else if let Some(input) = field.dyn_ref::<HtmlInputElement>() {
                (!input.disabled()).then(|| (input.name(), input.value()))
            } else {
                None
            };
            if let Some((name, value)) = named
                && !value.is_empty()
            {
                params.append(&name, &value);
            }
        }
        let action = form.action();
        let action = action.split(['?', '#']).next().unwrap_or_default();
        let query = String::from(params.to_string());
        if query.is_empty() {
            crate::islands::go(action);
        } else {
            crate::islands::go(&format!("{action}?{query}"));
        }
    }

    pub(super) fn restore() {
        let Ok(Some(storage)) = window().session_storage() else {
            return;
        };
        let Ok(Some(id)) = storage.get_item(KEY) else {
            return;
        };
        let element = document()
            .get_element_by_id(&id)
            .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(element) = element {
            let _ = storage.remove_item(KEY);
            let _ = element.focus();
        }
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
