//! Importing a file into a draft: an upload form (multipart, works without
//! JavaScript), then a preview of what the file holds — items, main/sub
//! structure, every problem with its row and column — and a confirmation
//! that replaces the draft's items in one transaction.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::WorkspaceErrorView;
use crate::layout::{Breadcrumbs, Crumb};
use crate::links;
use crate::text;
use crate::workspace::{
    ImportPreviewView, ImportProblemView, Me, WorkspaceError, get_draft, get_import_preview, get_me,
};

/// The `/edit/:code/import` route: choose a file.
#[component]
pub fn ImportPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let data = Resource::new(
        move || params.read().get("code").unwrap_or_default(),
        |code| async move {
            let me = get_me().await?.ok_or(WorkspaceError::SignedOut)?;
            let draft = get_draft(code).await?;
            Ok::<_, WorkspaceError>((me, draft))
        },
    );
    let error = move || match query.read().get("error").as_deref() {
        Some("empty") => Some(text::IMPORT_EMPTY),
        Some("too_large") => Some(text::IMPORT_TOO_LARGE),
        _ => None,
    };
    view! {
        <Suspense fallback=|| view! { <p class="loading">{text::LOADING}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((me, draft)) => {
                        let code = draft.department.dept_code.to_string();
                        let name = draft.department.name.clone();
                        view! {
                            <Title text=text::page_title(&[text::IMPORT_TITLE, &name])/>
                            <Breadcrumbs crumbs=vec![
                                Crumb::link(text::EDITOR, links::EDIT_HOME),
                                Crumb::link(text::draft_of(&name), links::edit_draft(&code)),
                                Crumb::here(text::IMPORT_TITLE),
                            ]/>
                            <h1>{text::IMPORT_TITLE}</h1>
                            <p>{text::IMPORT_INTRO}</p>
                            <ul>
                                <li>{text::IMPORT_FORMATS}</li>
                                <li>{text::IMPORT_LIMITS}</li>
                                <li>{text::import_replaces(draft.items.len())}</li>
                            </ul>
                            {error().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
                            <UploadForm me code/>
                        }
                        .into_any()
                    }
                    Err(error) => view! { <WorkspaceErrorView error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn UploadForm(me: Me, code: String) -> impl IntoView {
    view! {
        <form method="post" enctype="multipart/form-data" action=links::edit_import(&code) class="login-form">
            <input type="hidden" name="csrf" value=me.csrf/>
            <div class="field">
                <label for="import-file">{text::IMPORT_FILE}</label>
                <input id="import-file" name="file" type="file" required
                    accept=".xlsx,.csv,.json,.zip,application/json,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"/>
            </div>
            <button type="submit" class="button">{text::IMPORT_PREVIEW}</button>
        </form>
    }
}

/// The `/edit/:code/import/:token` route: what the file would import.
#[component]
pub fn ImportPreviewPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || {
            (
                params.read().get("code").unwrap_or_default(),
                params.read().get("token").unwrap_or_default(),
            )
        },
        |(code, token)| async move {
            let me = get_me().await?.ok_or(WorkspaceError::SignedOut)?;
            let preview = get_import_preview(code, token).await?;
            Ok::<_, WorkspaceError>((me, preview))
        },
    );
    view! {
        <Suspense fallback=|| view! { <p class="loading">{text::LOADING}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((me, preview)) => view! { <Preview me preview/> }.into_any(),
                    Err(error) => view! { <WorkspaceErrorView error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn problem_text(problem: &ImportProblemView) -> String {
    match &problem.issue {
        Some(field) => format!(
            "{}：{}",
            text::field_label(&field.path),
            text::field_issue(&field.issue)
        ),
        None => problem.message.clone(),
    }
}

#[component]
fn Preview(me: Me, preview: ImportPreviewView) -> impl IntoView {
    let query = use_query_map();
    let stale = query.read_untracked().get("stale").is_some();
    let code = preview.department.dept_code.to_string();
    let name = preview.department.name.clone();
    let clean = preview.problems.is_empty();
    let n_items = preview.items.len();
    let problems = preview
        .problems
        .iter()
        .map(|p| view! { <tr><td>{p.location.clone()}</td><td>{problem_text(p)}</td></tr> })
        .collect_view();
    let warnings = preview
        .warnings
        .iter()
        .map(|p| view! { <li>{if p.location.is_empty() { String::new() } else { format!("{}：", p.location) }}{problem_text(p)}</li> })
        .collect_view();
    let count = |change: data::diff::Change| {
        preview
            .changes
            .iter()
            .filter(|c| c.change == change)
            .count()
    };
    let effect = text::import_effect(
        count(data::diff::Change::Added),
        count(data::diff::Change::Removed),
        count(data::diff::Change::Changed),
        preview.n_unchanged,
    );
    let changes = (!preview.changes.is_empty()).then(|| {
        let rows = preview
            .changes
            .iter()
            .take(500)
            .map(|c| {
                view! {
                    <tr>
                        <td>{c.item_code.clone()}</td>
                        <td>{c.name.clone()}</td>
                        <td>{c.change.label()}</td>
                        <td>{c.fields.join("、")}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table class="draft-table">
                <caption>{text::IMPORT_CHANGES}</caption>
                <thead>
                    <tr>
                        <th scope="col">{text::COL_CODE}</th>
                        <th scope="col">{text::COL_NAME}</th>
                        <th scope="col">{text::IMPORT_CHANGE}</th>
                        <th scope="col">{text::IMPORT_CHANGED_PARTS}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        }
    });
    let kept = (!preview.kept.is_empty()).then(|| {
        let items = preview
            .kept
            .iter()
            .map(|k| view! { <li>{k.clone()}</li> })
            .collect_view();
        view! {
            <p>{text::IMPORT_KEPT}</p>
            <ul>{items}</ul>
        }
    });
    let rows = preview
        .items
        .iter()
        .take(500)
        .map(|s| {
            view! {
                <tr class:sub-item=s.parent_code.is_some()>
                    <td>{s.item_code.clone()}</td>
                    <td>{s.name.clone()}</td>
                    <td>{s.category.name()}</td>
                    <td>{s.time_limit.clone().unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Title text=text::page_title(&[text::IMPORT_PREVIEW_TITLE, &name])/>
        <Breadcrumbs crumbs=vec![
            Crumb::link(text::EDITOR, links::EDIT_HOME),
            Crumb::link(text::draft_of(&name), links::edit_draft(&code)),
            Crumb::here(text::IMPORT_PREVIEW_TITLE),
        ]/>
        <h1>{text::IMPORT_PREVIEW_TITLE}</h1>
        <p class="lead">{text::import_found(&preview.file_name, &text::file_format(&preview.format), n_items, preview.n_main, preview.n_sub)}</p>
        {stale.then(|| view! { <p class="form-error" role="alert">{text::IMPORT_STALE}</p> })}
        {if clean {
            view! {
                <p class="notice">{text::import_ready(n_items, preview.n_replaced, preview.n_matched)}</p>
                <p class="notice" role="status">{effect}</p>
                {changes}
                {kept}
                <form method="post" action=links::edit_import_confirm(&code, &preview.token) class="button-row">
                    <input type="hidden" name="csrf" value=me.csrf.clone()/>
                    <input type="hidden" name="draft_rev" value=preview.draft_rev.to_string()/>
                    <button type="submit" class="button">{text::import_confirm(n_items)}</button>
                    <a href=links::edit_draft(&code)>{text::CANCEL}</a>
                </form>
            }
            .into_any()
        } else {
            view! {
                <div class="form-error" role="alert">{text::import_blocked(preview.problems.len())}</div>
                <table class="audit-table">
                    <caption>{text::IMPORT_PROBLEMS}</caption>
                    <thead><tr><th scope="col">{text::IMPORT_WHERE}</th><th scope="col">{text::IMPORT_WHAT}</th></tr></thead>
                    <tbody>{problems}</tbody>
                </table>
                {preview.partial.then(|| view! {
                    <p class="notice">{text::import_partial_offer(preview.n_importable, preview.problems.len())}</p>
                    <form method="post" action=links::edit_import_confirm(&code, &preview.token) class="button-row">
                        <input type="hidden" name="csrf" value=me.csrf.clone()/>
                        <input type="hidden" name="draft_rev" value=preview.draft_rev.to_string()/>
                        <input type="hidden" name="partial" value="1"/>
                        <button type="submit" class="button button--secondary">{text::import_partial_confirm(preview.n_importable)}</button>
                    </form>
                })}
                <p><a href=links::edit_import(&code)>{text::IMPORT_AGAIN}</a></p>
            }
            .into_any()
        }}
        {(!preview.warnings.is_empty()).then(|| view! {
            <h2>{text::IMPORT_WARNINGS}</h2>
            <ul>{warnings}</ul>
        })}
        <table class="draft-table">
            <caption>{text::import_items_caption(n_items)}</caption>
            <thead>
                <tr>
                    <th scope="col">{text::COL_CODE}</th>
                    <th scope="col">{text::COL_NAME}</th>
                    <th scope="col">{text::CATEGORY}</th>
                    <th scope="col">{text::SECTION_TIME_LIMITS}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}
