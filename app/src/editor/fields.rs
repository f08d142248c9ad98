//! Form fields of the item editor: a label, an input bound to a part of the
//! item, and the field's problems worded next to it (`aria-describedby`).

use data::Item;
use data::editing::FieldProblem;
use leptos::prelude::*;

use crate::text;

/// The problems of one field path, worded for the page.
pub fn problems_at(problems: &[FieldProblem], path: &str) -> Vec<String> {
    problems
        .iter()
        .filter(|p| p.path == path)
        .map(|p| text::field_issue(&p.issue))
        .collect()
}

/// An element id for a field path (`legal_basis[0].law` → `f-legal_basis-0-law`).
pub fn field_id(path: &str) -> String {
    let mut id = String::from("f-");
    for c in path.chars() {
        match c {
            '.' | '[' => id.push('-'),
            ']' => {}
            c => id.push(c),
        }
    }
    id
}

/// The problems under a field, announced politely to screen readers.
#[component]
pub fn FieldProblems(
    /// The field's element id.
    id: String,
    /// The field path.
    path: String,
    /// All problems of the item.
    problems: Memo<Vec<FieldProblem>>,
) -> impl IntoView {
    let messages = move || problems_at(&problems.read(), &path);
    view! {
        <div class="field-problems" id=format!("{id}-problems") aria-live="polite">
            {move || {
                messages()
                    .into_iter()
                    .map(|m| view! { <p class="field-problem">{text::PROBLEM_MARK} {m}</p> })
                    .collect_view()
            }}
        </div>
    }
}

/// A text field bound to a part of the item.
#[component]
pub fn TextField<G, S>(
    /// The visible label.
    label: &'static str,
    /// The field path (for problems and the element id).
    #[prop(into)]
    path: String,
    /// The item being edited.
    item: RwSignal<Item>,
    /// Reads the field.
    get: G,
    /// Writes the field.
    set: S,
    /// All problems of the item.
    problems: Memo<Vec<FieldProblem>>,
    /// A textarea instead of a one-line input.
    #[prop(optional)]
    multiline: bool,
    /// A hint under the label.
    #[prop(optional)]
    hint: Option<&'static str>,
) -> impl IntoView
where
    G: Fn(&Item) -> String + Send + Sync + 'static,
    S: Fn(&mut Item, String) + Send + Sync + Copy + 'static,
{
    let id = field_id(&path);
    let has_problem = {
        let path = path.clone();
        move || !problems_at(&problems.read(), &path).is_empty()
    };
    let described = match hint {
        Some(_) => format!("{id}-hint {id}-problems"),
        None => format!("{id}-problems"),
    };
    let value = move || item.with(|i| get(i));
    let on_input = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        item.update(|i| set(i, v));
    };
    let input = if multiline {
        view! {
            <textarea
                id=id.clone()
                rows="3"
                aria-describedby=described
                aria-invalid=move || has_problem().to_string()
                prop:value=value
                on:input=on_input
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                id=id.clone()
                type="text"
                aria-describedby=described
                aria-invalid=move || has_problem().to_string()
                prop:value=value
                on:input=on_input
            />
        }
        .into_any()
    };
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            {hint.map(|h| view! { <p class="field-hint" id=format!("{id}-hint")>{h}</p> })}
            {input}
            <FieldProblems id=id path problems/>
        </div>
    }
}

/// Reads an optional text as the input shows it.
pub fn opt(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

/// Writes an input's text to an optional field: blank means absent.
pub fn set_opt(field: &mut Option<String>, value: String) {
    *field = if value.trim().is_empty() {
        None
    } else {
        Some(value)
    };
}

/// Lines of a textarea, one entry each, blank lines dropped.
pub fn lines(value: &str) -> Vec<String> {
    value
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}
