//! `/edit`: the drafts the signed-in user may open, and the audit log for admins.

use data::account::Role;
use leptos::prelude::*;
use leptos_meta::Title;

use super::WorkspaceErrorView;
use crate::layout::{Breadcrumbs, Crumb};
use crate::links;
use crate::text;
use crate::workspace::{WorkspaceError, get_me};

/// The `/edit` route.
#[component]
pub fn EditHomePage() -> impl IntoView {
    let me = Resource::new(
        || (),
        |()| async move { get_me().await?.ok_or(WorkspaceError::SignedOut) },
    );
    view! {
        <Suspense fallback=|| view! { <p class="loading">{text::LOADING}</p> }>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(me) => view! {
                        <Title text=text::page_title(&[text::EDITOR])/>
                        <Breadcrumbs crumbs=vec![Crumb::here(text::EDITOR)]/>
                        <h1>{text::EDITOR}</h1>
                        <p>{text::signed_in_as(&me.name, me.role.label())}</p>
                        {if me.departments.is_empty() {
                            view! { <p>{text::NO_DRAFTS_FOR_ROLE}</p> }.into_any()
                        } else {
                            view! {
                                <h2>{text::MY_DRAFTS}</h2>
                                <ul class="draft-list">
                                    {me.departments.iter().map(|(code, name)| view! {
                                        <li><a href=links::edit_draft(code)>{text::draft_of(name)}</a></li>
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                        {(me.role == Role::Admin).then(|| view! {
                            <p><a href=links::AUDIT>{text::AUDIT_LOG}</a></p>
                            <p><a href=links::ADMIN_DEPARTMENTS>{text::DEPARTMENTS_ADMIN}</a></p>
                        })}
                    }
                    .into_any(),
                    Err(error) => view! { <WorkspaceErrorView error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
