//! `/admin/audit`: the audit log, filtered by department, item and user with
//! a GET form (works without JavaScript), newest first, paged.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::WorkspaceErrorView;
use crate::layout::{Breadcrumbs, Crumb};
use crate::links;
use crate::text;
use crate::workspace::{AuditView, get_audit};

/// The `/admin/audit` route.
#[component]
pub fn AuditPage() -> impl IntoView {
    let query = use_query_map();
    let param = move |name: &str| query.read().get(name).filter(|v| !v.trim().is_empty());
    let data = Resource::new(
        move || {
            (
                param("department"),
                param("item"),
                param("user"),
                param("page").and_then(|p| p.parse().ok()),
            )
        },
        |(department, item, user, page)| get_audit(department, item, user, page),
    );
    view! {
        <Title text=text::page_title(&[text::AUDIT_LOG])/>
        <Breadcrumbs crumbs=vec![Crumb::link(text::EDITOR, links::EDIT_HOME), Crumb::here(text::AUDIT_LOG)]/>
        <h1>{text::AUDIT_LOG}</h1>
        <form method="get" action=links::AUDIT class="filters">
            <label for="audit-department">{text::AUDIT_DEPARTMENT}</label>
            <input id="audit-department" name="department" type="text" value=param("department").unwrap_or_default()/>
            <label for="audit-item">{text::AUDIT_ITEM}</label>
            <input id="audit-item" name="item" type="text" value=param("item").unwrap_or_default()/>
            <label for="audit-user">{text::AUDIT_USER}</label>
            <input id="audit-user" name="user" type="text" value=param("user").unwrap_or_default()/>
            <button type="submit" class="button">{text::FILTER}</button>
        </form>
        <Suspense fallback=|| view! { <p class="loading">{text::LOADING}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => view! { <AuditTable view/> }.into_any(),
                    Err(error) => view! { <WorkspaceErrorView error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn AuditTable(view: AuditView) -> impl IntoView {
    let pages = (view.total as usize).div_ceil(view.per_page.max(1));
    let query = use_query_map();
    let page_link = move |page: usize| {
        let q = query.read_untracked();
        links::with_query(
            links::AUDIT,
            &[
                ("department", &q.get("department").unwrap_or_default()),
                ("item", &q.get("item").unwrap_or_default()),
                ("user", &q.get("user").unwrap_or_default()),
                ("page", &page.to_string()),
            ],
        )
    };
    view! {
        <p role="status">{text::audit_summary(view.total, view.page, pages)}</p>
        <table class="audit-table">
            <thead>
                <tr>
                    <th scope="col">{text::AUDIT_AT}</th>
                    <th scope="col">{text::AUDIT_USER}</th>
                    <th scope="col">{text::AUDIT_ACTION}</th>
                    <th scope="col">{text::AUDIT_DEPARTMENT}</th>
                    <th scope="col">{text::AUDIT_ITEM}</th>
                    <th scope="col">{text::AUDIT_REVISIONS}</th>
                    <th scope="col">{text::AUDIT_DETAIL}</th>
                </tr>
            </thead>
            <tbody>
                {view.rows.into_iter().map(|r| view! {
                    <tr>
                        <td><time datetime=r.at.clone()>{text::timestamp(&r.at)}</time></td>
                        <td>{r.actor}</td>
                        <td>{text::audit_action(&r.action)}</td>
                        <td>{r.dept_code.unwrap_or_default()}</td>
                        <td>{r.item_id.unwrap_or_default()}</td>
                        <td class="hashes">{text::revisions(r.before.as_deref(), r.after.as_deref())}</td>
                        <td>{r.detail.unwrap_or_default()}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        <nav aria-label=text::PAGES class="pager">
            {(view.page > 1).then(|| view! { <a href=page_link(view.page - 1)>{text::PREVIOUS_PAGE}</a> })}
            {" "}
            {(view.page < pages).then(|| view! { <a href=page_link(view.page + 1)>{text::NEXT_PAGE}</a> })}
        </nav>
    }
}
