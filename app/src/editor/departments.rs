//! `/admin/departments`: create a department (so that its list can be
//! imported) and change how each is described. Plain forms posted to the
//! same path, so the page works without JavaScript; the server redirects
//! back with `?outcome=…&code=…`.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::WorkspaceErrorView;
use crate::layout::{Breadcrumbs, Crumb};
use crate::links;
use crate::text;
use crate::workspace::{WorkspaceError, get_admin_departments, get_me};

/// The `/admin/departments` route.
#[component]
pub fn DepartmentsPage() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new(
        || (),
        |()| async move {
            let me = get_me().await?.ok_or(WorkspaceError::SignedOut)?;
            let departments = get_admin_departments().await?;
            Ok::<_, WorkspaceError>((me, departments))
        },
    );
    let outcome = move || {
        let q = query.read();
        text::department_outcome(
            &q.get("outcome").unwrap_or_default(),
            &q.get("code").unwrap_or_default(),
        )
    };
    view! {
        <Title text=text::page_title(&[text::DEPARTMENTS_ADMIN])/>
        <Breadcrumbs crumbs=vec![Crumb::link(text::EDITOR, links::EDIT_HOME), Crumb::here(text::DEPARTMENTS_ADMIN)]/>
        <h1>{text::DEPARTMENTS_ADMIN}</h1>
        <p>{text::DEPARTMENTS_ADMIN_INTRO}</p>
        {move || outcome().map(|(ok, message)| if ok {
            view! { <p class="notice" role="status">{message}</p> }.into_any()
        } else {
            view! { <p class="form-error" role="alert">{message}</p> }.into_any()
        })}
        <Suspense fallback=|| view! { <p class="loading">{text::LOADING}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((me, departments)) => {
                        let csrf = me.csrf.clone();
                        view! {
                            <h2>{text::DEPARTMENT_ADD}</h2>
                            <form method="post" action=links::ADMIN_DEPARTMENTS class="department-form">
                                <input type="hidden" name="csrf" value=csrf.clone()/>
                                <input type="hidden" name="action" value="add"/>
                                <div class="field">
                                    <label for="new-code">{text::DEPARTMENT_CODE}</label>
                                    <input id="new-code" name="code" type="text" required pattern="[A-Za-z0-9_]+"
                                        maxlength="32" aria-describedby="new-code-hint"/>
                                    <small id="new-code-hint">{text::DEPARTMENT_CODE_HINT}</small>
                                </div>
                                <div class="field">
                                    <label for="new-name">{text::DEPARTMENT_NAME}</label>
                                    <input id="new-name" name="name" type="text" required maxlength="200"/>
                                </div>
                                <div class="field">
                                    <label for="new-short">{text::DEPARTMENT_SHORT_NAME}</label>
                                    <input id="new-short" name="short_name" type="text" maxlength="100"/>
                                </div>
                                <div class="field">
                                    <label for="new-phone">{text::DEPARTMENT_PHONE}</label>
                                    <input id="new-phone" name="phone" type="tel" maxlength="100"/>
                                </div>
                                <button type="submit" class="button">{text::DEPARTMENT_ADD_BUTTON}</button>
                            </form>
                            <h2>{text::DEPARTMENTS_EXISTING}</h2>
                            <table class="departments-table">
                                <thead>
                                    <tr>
                                        <th scope="col">{text::DEPARTMENT_CODE}</th>
                                        <th scope="col">{text::DEPARTMENT_NAME}</th>
                                        <th scope="col">{text::DEPARTMENT_SHORT_NAME}</th>
                                        <th scope="col">{text::DEPARTMENT_PHONE}</th>
                                        <th scope="col"><span class="visually-hidden">{text::DEPARTMENT_SAVE_BUTTON}</span></th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {departments.into_iter().map(|d| {
                                        let code = d.dept_code.to_string();
                                        let form = format!("department-{code}");
                                        view! {
                                            <tr>
                                                <th scope="row">
                                                    <a href=links::edit_draft(&code)>{code.clone()}</a>
                                                </th>
                                                <td><input form=form.clone() name="name" type="text" required maxlength="200"
                                                    value=d.name.clone() aria-label=format!("{} {}", code, text::DEPARTMENT_NAME)/></td>
                                                <td><input form=form.clone() name="short_name" type="text" maxlength="100"
                                                    value=d.short_name.clone().unwrap_or_default() aria-label=format!("{} {}", code, text::DEPARTMENT_SHORT_NAME)/></td>
                                                <td><input form=form.clone() name="phone" type="tel" maxlength="100"
                                                    value=d.supervision_phone.clone().unwrap_or_default() aria-label=format!("{} {}", code, text::DEPARTMENT_PHONE)/></td>
                                                <td>
                                                    <form id=form method="post" action=links::ADMIN_DEPARTMENTS>
                                                        <input type="hidden" name="csrf" value=csrf.clone()/>
                                                        <input type="hidden" name="action" value="edit"/>
                                                        <input type="hidden" name="code" value=code.clone()/>
                                                        <button type="submit" class="button button--secondary"
                                                            aria-label=format!("{} {}", text::DEPARTMENT_SAVE_BUTTON, code)>
                                                            {text::DEPARTMENT_SAVE_BUTTON}
                                                        </button>
                                                    </form>
                                                </td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }
                        .into_any()
                    }
                    Err(error) => view! { <WorkspaceErrorView error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
