//! `/edit/:code`: a department's draft as a list with a filter, and the
//! actions on items: new, duplicate, move up or down, delete (confirmed
//! inline, no pop-up).

use data::Category;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::WorkspaceErrorView;
use crate::layout::{Breadcrumbs, Crumb};
use crate::links;
use crate::text;
use crate::workspace::{
    DraftRow, DraftView, Me, WorkspaceError, create_item, delete_item, duplicate_item, get_draft,
    get_me, move_item,
};

/// The `/edit/:code` route.
#[component]
pub fn DraftPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("code").unwrap_or_default(),
        |code| async move {
            let me = get_me().await?.ok_or(WorkspaceError::SignedOut)?;
            let draft = get_draft(code).await?;
            Ok::<_, WorkspaceError>((me, draft))
        },
    );
    view! {
        <Transition fallback=|| view! { <p class="loading">{text::LOADING}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((me, draft)) => view! { <Draft me draft/> }.into_any(),
                    Err(error) => view! { <WorkspaceErrorView error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The draft, interactive; after an action on a row the page is loaded
/// again from the server.
#[island]
fn Draft(me: Me, draft: DraftView) -> impl IntoView {
    crate::islands::mark_hydrated();
    let code = draft.department.dept_code.to_string();
    let may_edit = me.departments.iter().any(|(c, _)| *c == code);
    let filter = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    let rows = draft.items.clone();
    let shown = Memo::new(move |_| {
        let needle = filter.get();
        let only = Category::parse(&category.get());
        rows.iter()
            .filter(|r| only.is_none_or(|c| r.summary.category == c))
            .filter(|r| {
                needle.trim().is_empty()
                    || r.summary.name.contains(needle.trim())
                    || r.summary.item_code.contains(needle.trim())
            })
            .cloned()
            .collect::<Vec<_>>()
    });
    let new_name = RwSignal::new(String::new());
    let create = {
        let (csrf, code) = (me.csrf.clone(), code.clone());
        Action::new(move |name: &String| create_item(csrf.clone(), code.clone(), name.clone()))
    };
    {
        let code = code.clone();
        Effect::new(move |_| match create.value().get() {
            Some(Ok(item_id)) => crate::islands::go(&links::edit_item(&code, &item_id)),
            Some(Err(e)) => message.set(Some(text::workspace_error(&e))),
            None => {}
        });
    }
    let total = draft.items.len();
    let name = draft.department.name.clone();
    let imported = crate::islands::query("imported").and_then(|n| n.parse::<usize>().ok());
    let csrf = me.csrf.clone();
    view! {
        <Title text=text::page_title(&[&text::draft_of(&name), text::EDITOR])/>
        <Breadcrumbs crumbs=vec![Crumb::link(text::EDITOR, links::EDIT_HOME), Crumb::here(text::draft_of(&name))]/>
        <h1>{text::draft_of(&name)}</h1>
        <p class="meta">{text::draft_base(draft.base_version.as_deref(), total)}</p>
        <p class="notice">{text::DRAFT_NOTICE}</p>
        {imported.map(|n| view! { <p class="notice" role="status">{text::imported(n)}</p> })}
        <div class="button-row">
            {may_edit.then(|| view! {
                <a class="button button--secondary" href=links::edit_import(&code)>{text::IMPORT_LINK}</a>
            })}
            <p>
                {text::DOWNLOAD_DRAFT}
                {[("json", "JSON"), ("xlsx", "Excel"), ("csv", "CSV"), ("csv.zip", "CSV 压缩包")]
                    .into_iter()
                    .map(|(ext, label)| view! { " " <a href=links::draft_download(&code, ext) download="">{label}</a> })
                    .collect_view()}
            </p>
        </div>
        <p><a href=links::edit_review(&code)>{text::REVIEW_LINK}</a></p>
        {(!draft.open_problems.is_empty()).then(|| {
            let rows = draft
                .open_problems
                .iter()
                .map(|p| {
                    let what = match &p.issue {
                        Some(issue) => format!("{}：{}", text::field_label(&issue.path), text::field_issue(&issue.issue)),
                        None => p.message.clone(),
                    };
                    view! { <tr><td>{p.location.clone()}</td><td>{what}</td></tr> }
                })
                .collect_view();
            view! {
                <section class="open-problems" aria-labelledby="open-problems-heading">
                    <h2 id="open-problems-heading" class="form-error">{text::open_problems_heading(draft.open_problems.len())}</h2>
                    <table class="audit-table">
                        <thead><tr><th scope="col">{text::IMPORT_WHERE}</th><th scope="col">{text::IMPORT_WHAT}</th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                    {may_edit.then(|| view! {
                        <form method="post" action=links::edit_open_problems(&code)>
                            <input type="hidden" name="csrf" value=me.csrf.clone()/>
                            <button type="submit" class="button button--secondary">{text::OPEN_PROBLEMS_CLEAR}</button>
                        </form>
                    })}
                </section>
            }
        })}
        {move || message.get().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
        {may_edit.then(|| view! {
            <form class="inline-form" on:submit=move |ev| {
                ev.prevent_default();
                create.dispatch(new_name.get());
            }>
                <label for="new-item-name">{text::NEW_ITEM_NAME}</label>
                <input id="new-item-name" type="text" required prop:value=move || new_name.get()
                    on:input=move |ev| new_name.set(event_target_value(&ev))/>
                <button type="submit" class="button">{text::NEW_ITEM}</button>
            </form>
        })}
        <div class="filters" role="search">
            <label for="draft-filter">{text::FILTER_ITEMS}</label>
            <input id="draft-filter" type="search" prop:value=move || filter.get()
                on:input=move |ev| filter.set(event_target_value(&ev))/>
            <label for="draft-category">{text::CATEGORY}</label>
            <select id="draft-category" on:change=move |ev| category.set(event_target_value(&ev))>
                <option value="">{text::ALL_CATEGORIES}</option>
                {Category::ALL.into_iter().map(|c| view! { <option value=c.abbr()>{c.name()}</option> }).collect_view()}
            </select>
            <p role="status">{move || text::shown_of(shown.read().len(), total)}</p>
        </div>
        <table class="draft-table">
            <caption class="visually-hidden">{text::draft_of(&name)}</caption>
            <thead>
                <tr>
                    <th scope="col">{text::COL_CODE}</th>
                    <th scope="col">{text::COL_NAME}</th>
                    <th scope="col">{text::CATEGORY}</th>
                    <th scope="col">{text::COL_LAST_SAVED}</th>
                    <th scope="col">{text::COL_ACTIONS}</th>
                </tr>
            </thead>
            <tbody>
                {move || shown.get().into_iter().map(|row| {
                    view! { <DraftRowView row code=code.clone() csrf=csrf.clone() may_edit message/> }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
fn DraftRowView(
    row: DraftRow,
    code: String,
    csrf: String,
    may_edit: bool,
    message: RwSignal<Option<String>>,
) -> impl IntoView {
    let item_id = row.summary.item_id.to_string();
    let confirming = RwSignal::new(false);
    let act = {
        let (code, csrf, item_id) = (code.clone(), csrf.clone(), item_id.clone());
        let rev = row.rev;
        Action::new(move |what: &&'static str| {
            let (code, csrf, item_id, what) = (code.clone(), csrf.clone(), item_id.clone(), *what);
            async move {
                match what {
                    "up" => move_item(csrf, code, item_id, -1).await,
                    "down" => move_item(csrf, code, item_id, 1).await,
                    "copy" => duplicate_item(csrf, code, item_id).await.map(|_| ()),
                    _ => delete_item(csrf, code, item_id, rev).await,
                }
            }
        })
    };
    Effect::new(move |_| match act.value().get() {
        Some(Ok(())) => {
            message.set(None);
            crate::islands::reload();
        }
        Some(Err(e)) => message.set(Some(text::workspace_error(&e))),
        None => {}
    });
    let name = row.summary.name.clone();
    let is_sub = row.summary.parent_code.is_some();
    let edit_link = links::edit_item(&code, &item_id);
    view! {
        <tr class:sub-item=is_sub>
            <td>{row.summary.item_code.clone()}</td>
            <td><a href=edit_link>{name.clone()}</a></td>
            <td>{row.summary.category.name()}</td>
            <td>{text::saved_by(&row.updated_by, &row.updated_at)}</td>
            <td class="actions">
                {may_edit.then(|| {
                    let name = name.clone();
                    view! {
                        <button type="button" class="button button--link" aria-label=text::move_up(&name)
                            on:click=move |_| { act.dispatch("up"); }>{text::MOVE_UP}</button>
                        <button type="button" class="button button--link" aria-label=text::move_down(&name)
                            on:click=move |_| { act.dispatch("down"); }>{text::MOVE_DOWN}</button>
                        <button type="button" class="button button--link" aria-label=text::duplicate(&name)
                            on:click=move |_| { act.dispatch("copy"); }>{text::DUPLICATE}</button>
                        <Show when=move || !confirming.get() fallback={
                            let name = name.clone();
                            move || view! {
                                <span role="group" aria-label=text::confirm_delete(&name)>
                                    {text::confirm_delete(&name)} {" "}
                                    <button type="button" class="button button--danger" on:click=move |_| { act.dispatch("delete"); }>
                                        {text::CONFIRM_DELETE}
                                    </button>
                                    <button type="button" class="button button--link" on:click=move |_| confirming.set(false)>
                                        {text::CANCEL}
                                    </button>
                                </span>
                            }
                        }>
                            <button type="button" class="button button--link" aria-label=text::delete(&name.clone())
                                on:click=move |_| confirming.set(true)>{text::DELETE}</button>
                        </Show>
                    }
                })}
            </td>
        </tr>
    }
}
