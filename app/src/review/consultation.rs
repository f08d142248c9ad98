//! `/departments/:code/consultation`: a submitted draft open for public
//! comments (征求意见). Anyone reads what the draft changes, with the
//! reasons, and comments on an item or one of its changed fields; the
//! department's answers appear beside the comments. Comments are plain
//! forms posted to this page's address (the server takes them and comes
//! back with `?sent=1` or `?error=…`): they work without JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{ConsultationView, PublicComment, get_consultation};
use crate::compare::{ItemChange, SummaryLine};
use crate::editor::WorkspaceErrorView;
use crate::layout::{Breadcrumbs, Crumb};
use crate::links;
use crate::text;

/// The route.
#[component]
pub fn ConsultationPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("code").unwrap_or_default(),
        get_consultation,
    );
    view! {
        <Suspense fallback=|| view! { <p class="loading">{text::LOADING}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => view! { <Consultation view/> }.into_any(),
                    Err(error) => view! { <WorkspaceErrorView error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn comment_list(comments: Vec<PublicComment>) -> impl IntoView {
    let rows = comments
        .into_iter()
        .map(|c| {
            let about = c.field.clone().unwrap_or_else(|| text::COMMENT_WHOLE_ITEM.to_owned());
            let answer = c.answer.clone().map(|a| {
                view! { <p class="public-comment__answer"><strong>{text::CONSULT_ANSWER}</strong> {text::COLON} {a}</p> }
            });
            view! {
                <li class="public-comment">
                    <p class="meta">{text::public_comment_meta(&c.author, &c.at, &about)}</p>
                    <p>{c.text}</p>
                    {answer}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="public-comments">{rows}</ul> }
}

#[component]
fn CommentForm(code: String, item_id: Option<String>, fields: Vec<String>) -> impl IntoView {
    let suffix = item_id.clone().unwrap_or_else(|| "general".to_owned());
    let field_id = format!("consult-field-{suffix}");
    let author_id = format!("consult-author-{suffix}");
    let text_id = format!("consult-text-{suffix}");
    let field_select = (!fields.is_empty()).then(|| {
        let options = fields
            .into_iter()
            .map(|f| view! { <option value=f.clone()>{f.clone()}</option> })
            .collect_view();
        view! {
            <div class="form-field">
                <label for=field_id.clone()>{text::COMMENT_FIELD}</label>
                <select id=field_id.clone() name="field">
                    <option value="">{text::COMMENT_WHOLE_ITEM}</option>
                    {options}
                </select>
            </div>
        }
    });
    view! {
        <form method="post" action=links::consultation(&code) class="comment-form public-comment-form" data-item=suffix.clone()>
            <input type="hidden" name="item_id" value=item_id.unwrap_or_default()/>
            {field_select}
            <div class="form-field">
                <label for=author_id.clone()>{text::CONSULT_AUTHOR}</label>
                <input id=author_id type="text" name="author" maxlength="40" autocomplete="name"/>
            </div>
            <div class="form-field">
                <label for=text_id.clone()>{text::CONSULT_TEXT}</label>
                <textarea id=text_id name="text" rows="3" maxlength="1000" required></textarea>
            </div>
            <button type="submit" class="button">{text::CONSULT_SEND}</button>
        </form>
    }
}

#[component]
fn Consultation(view: ConsultationView) -> impl IntoView {
    let code = view.department.dept_code.to_string();
    let name = view.department.name.clone();
    let until = data::IsoDate::parse(&view.until)
        .map(|d| d.to_chinese())
        .unwrap_or_else(|_| view.until.clone());
    let open = view.open;
    let base = view.base_version.clone().unwrap_or_default();
    let query = use_query_map();
    // The server comes back with `?sent=1` or `?error=…` after a comment.
    let outcome = move || {
        let query = query.read();
        if query.get("sent").is_some() {
            Some(
                view! { <p class="form-message" role="status">{text::CONSULT_THANKS}</p> }
                    .into_any(),
            )
        } else {
            query.get("error").map(|reason| {
                view! { <p class="form-message" role="alert">{text::consult_refused(&reason)}</p> }
                    .into_any()
            })
        }
    };
    let items = view
        .items
        .iter()
        .map(|diff| {
            let item_id = diff.item_id.to_string();
            let chart = view
                .charts
                .iter()
                .find(|c| c.item_id == item_id)
                .cloned();
            let reasons = view
                .adjustments
                .iter()
                .filter(|a| diff.adjustments.iter().any(|r| r.adjustment_id == a.adjustment_id))
                .map(|a| view! { <p class="consult-reason"><strong>{text::ADJ_REASON}</strong> {text::COLON} {a.reason.clone()}</p> })
                .collect_view();
            let comments: Vec<PublicComment> = view
                .comments
                .iter()
                .filter(|c| c.item_id.as_deref() == Some(item_id.as_str()))
                .cloned()
                .collect();
            let fields: Vec<String> = diff.fields.iter().map(|f| f.label.clone()).collect();
            let form = open.then(|| {
                view! { <CommentForm code=code.clone() item_id=Some(item_id.clone()) fields/> }
            });
            view! {
                <section class="section consult-item" id=format!("item-{item_id}") aria-label=diff.name.clone()>
                    <ItemChange diff=diff.clone() chart to_version=String::new() from_version=base.clone()/>
                    {reasons}
                    {comment_list(comments)}
                    {form}
                </section>
            }
        })
        .collect_view();
    let general: Vec<PublicComment> = view
        .comments
        .iter()
        .filter(|c| c.item_id.is_none())
        .cloned()
        .collect();
    let general_form = open.then(|| {
        view! { <CommentForm code=code.clone() item_id=None fields=Vec::new()/> }
    });
    let state = if open {
        text::consultation_open(&until)
    } else {
        text::consultation_closed(&until)
    };
    view! {
        <Title text=text::page_title(&[text::CONSULTATION, &name])/>
        <Breadcrumbs crumbs=vec![
            Crumb::link(name.clone(), links::department(&code, None, None)),
            Crumb::here(text::CONSULTATION),
        ]/>
        <h1>{text::consultation_heading(&name)}</h1>
        <p class="lead">{state}</p>
        {outcome}
        <SummaryLine summary=view.summary.clone()/>
        {items}
        <section class="section" aria-labelledby="consult-general">
            <h2 id="consult-general">{text::CONSULT_GENERAL}</h2>
            {comment_list(general)}
            {general_form}
        </section>
    }
    .into_any()
}
