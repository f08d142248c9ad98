//! `/edit/:code/review`: the draft compared with its base version, its
//! adjustment records (editor), comments and decisions (reviewer) and the
//! publication form (publisher), with the approval trail so far.

use data::IsoDate;
use data::item::{BasisRole, LawLevel, LegalBasis};
use data::review::ReviewState;
use data::version::{Adjustment, AdjustmentType, AdjustmentTypes};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::{
    PublishRequest, ReviewView, answer_comment, approve_draft, comment_draft, get_review,
    open_consultation, publish_draft, return_draft, save_adjustments, submit_draft,
};
use crate::compare::{ItemChange, SummaryLine};
use crate::components::{Badge, DateText};
use crate::editor::WorkspaceErrorView;
use crate::layout::{Breadcrumbs, Crumb};
use crate::links;
use crate::text;
use crate::workspace::{Me, WorkspaceError, get_me};

const TYPES: [AdjustmentType; 8] = [
    AdjustmentType::Add,
    AdjustmentType::Cancel,
    AdjustmentType::Delegate,
    AdjustmentType::TakeOver,
    AdjustmentType::Change,
    AdjustmentType::Merge,
    AdjustmentType::Split,
    AdjustmentType::Transfer,
];

const LEVELS: [&str; 5] = ["法律", "行政法规", "地方性法规", "规章", "规范性文件"];

/// The `/edit/:code/review` route.
#[component]
pub fn ReviewPage() -> impl IntoView {
    let code = use_params_map()
        .read_untracked()
        .get("code")
        .unwrap_or_default();
    view! { <ReviewWorkspace code/> }
}

/// The review, interactive: it loads its data itself, so that each step can
/// load it again while the message about the step stays.
#[island]
fn ReviewWorkspace(code: String) -> impl IntoView {
    crate::islands::mark_hydrated();
    let reload = RwSignal::new(0u32);
    // Outside the content, so the message survives the reload after a step.
    let message = RwSignal::new(None::<String>);
    let data = Resource::new(
        move || (code.clone(), reload.get()),
        |(code, _)| async move {
            let me = get_me().await?.ok_or(WorkspaceError::SignedOut)?;
            let review = get_review(code).await?;
            Ok::<_, WorkspaceError>((me, review))
        },
    );
    view! {
        <Transition fallback=|| view! { <p class="loading">{text::LOADING}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((me, review)) => view! { <ReviewContent me review reload message/> }.into_any(),
                    Err(error) => view! { <WorkspaceErrorView error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// One adjustment record as the form edits it.
#[derive(Debug, Clone)]
struct RecordForm {
    record: Adjustment,
    type_code: RwSignal<String>,
    reason: RwSignal<String>,
    basis_law: RwSignal<String>,
    basis_article: RwSignal<String>,
    basis_level: RwSignal<String>,
    effective_date: RwSignal<String>,
}

impl RecordForm {
    fn new(record: Adjustment) -> Self {
        let first = record.basis.first().cloned();
        let type_code = record
            .type_code
            .0
            .first()
            .map(|t| format!("{t:?}"))
            .unwrap_or_default();
        Self {
            type_code: RwSignal::new(type_code),
            reason: RwSignal::new(record.reason.clone()),
            basis_law: RwSignal::new(first.as_ref().map(|b| b.law.clone()).unwrap_or_default()),
            basis_article: RwSignal::new(
                first
                    .as_ref()
                    .and_then(|b| b.article.clone())
                    .unwrap_or_default(),
            ),
            basis_level: RwSignal::new(
                first
                    .as_ref()
                    .map(|b| b.level.label().to_owned())
                    .unwrap_or_else(|| LEVELS[4].to_owned()),
            ),
            effective_date: RwSignal::new(
                record
                    .effective_date
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
            ),
            record,
        }
    }

    /// The record with the form's values.
    fn value(&self) -> Adjustment {
        let mut record = self.record.clone();
        let chosen = TYPES
            .into_iter()
            .find(|t| format!("{t:?}") == self.type_code.get_untracked());
        if let Some(chosen) = chosen {
            // A combined type (变更+合并) keeps its other parts.
            let mut types = record.type_code.0.clone();
            if types.first() != Some(&chosen) {
                types = vec![chosen];
                record.type_label = chosen.label().to_owned();
            }
            record.type_code = AdjustmentTypes(types);
        }
        record.reason = self.reason.get_untracked().trim().to_owned();
        let law = self.basis_law.get_untracked().trim().to_owned();
        record.basis = if law.is_empty() {
            Vec::new()
        } else {
            let article = self.basis_article.get_untracked().trim().to_owned();
            vec![LegalBasis {
                law,
                article: (!article.is_empty()).then_some(article),
                level: LawLevel::from(self.basis_level.get_untracked()),
                role: BasisRole::Implementing,
                verified: false,
                effective_date: None,
                note: None,
            }]
        };
        record.effective_date = IsoDate::parse(self.effective_date.get_untracked().trim()).ok();
        record
    }
}

#[component]
fn ReviewContent(
    me: Me,
    review: ReviewView,
    reload: RwSignal<u32>,
    message: RwSignal<Option<String>>,
) -> impl IntoView {
    let code = review.department.dept_code.to_string();
    let name = review.department.name.clone();
    let report = move |result: Result<(), WorkspaceError>, done: &'static str| match result {
        Ok(()) => {
            message.set(Some(done.to_owned()));
            reload.update(|n| *n += 1);
        }
        Err(e) => message.set(Some(text::workspace_error(&e))),
    };

    let trail = review
        .trail
        .iter()
        .map(|step| {
            let date = step.date.map(|date| view! { " " <DateText date/> });
            let opinion = step
                .opinion
                .clone()
                .map(|o| view! { <span>{text::COLON} {o}</span> });
            view! {
                <li>
                    <strong>{step.step.clone()}</strong>
                    " " {step.actor.clone().unwrap_or_default()} {date} {opinion}
                </li>
            }
        })
        .collect_view();
    let comments = review
        .comments
        .iter()
        .map(|c| {
            let about = [c.item_id.clone(), c.field.clone()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" · ");
            view! {
                <li class="review-comment" data-item=c.item_id.clone().unwrap_or_default()>
                    <p class="meta">{text::review_comment_meta(&c.author, &c.at, c.round, &about)}</p>
                    <p>{c.text.clone()}</p>
                </li>
            }
        })
        .collect_view();
    let uncovered = (review.may_submit && !review.uncovered.is_empty()).then(|| {
        let rows = review
            .uncovered
            .iter()
            .map(|u| view! { <li>{u.change.label()} " " {u.name.clone()} " （" {u.item_code.clone()} "）"</li> })
            .collect_view();
        view! {
            <div class="notice" role="note">
                <p>{text::REVIEW_UNCOVERED}</p>
                <ul>{rows}</ul>
            </div>
        }
    });

    // The adjustment records: the saved ones, then one proposal per
    // change no saved record covers.
    let forms: Vec<RecordForm> = review
        .adjustments
        .iter()
        .chain(review.proposals.iter())
        .cloned()
        .map(RecordForm::new)
        .collect();
    let records = {
        let editable = review.may_submit;
        forms
            .iter()
            .enumerate()
            .map(|(index, form)| {
                let stale = review.stale.contains(&form.record.adjustment_id);
                view! { <RecordFields index form=form.clone() editable stale/> }
            })
            .collect_view()
    };
    let save = {
        let (csrf, code) = (me.csrf.clone(), code.clone());
        let forms = forms.clone();
        Action::new(move |(): &()| {
            let records: Vec<Adjustment> = forms.iter().map(RecordForm::value).collect();
            save_adjustments(csrf.clone(), code.clone(), records)
        })
    };
    Effect::new(move |_| {
        if let Some(result) = save.value().get() {
            report(result, text::REVIEW_SAVED);
        }
    });
    let submit = {
        let (csrf, code) = (me.csrf.clone(), code.clone());
        let forms = forms.clone();
        Action::new(move |(): &()| {
            let records: Vec<Adjustment> = forms.iter().map(RecordForm::value).collect();
            let (csrf, code) = (csrf.clone(), code.clone());
            async move {
                save_adjustments(csrf.clone(), code.clone(), records).await?;
                submit_draft(csrf, code).await
            }
        })
    };
    Effect::new(move |_| {
        if let Some(result) = submit.value().get() {
            report(result, text::REVIEW_SUBMITTED);
        }
    });
    let editor_actions = review.may_submit.then(|| {
        view! {
            <div class="button-row">
                <button type="button" class="button" on:click=move |_| { save.dispatch(()); }>
                    {text::REVIEW_SAVE}
                </button>
                <button type="button" class="button button--primary" on:click=move |_| { submit.dispatch(()); }>
                    {text::REVIEW_SUBMIT}
                </button>
            </div>
        }
    });

    let opinion = RwSignal::new(String::new());
    let decide = {
        let (csrf, code) = (me.csrf.clone(), code.clone());
        let content_hash = review.content_hash.clone();
        Action::new(move |approve: &bool| {
            let (csrf, code, opinion) = (csrf.clone(), code.clone(), opinion.get_untracked());
            let content_hash = content_hash.clone();
            let approve = *approve;
            async move {
                if approve {
                    approve_draft(csrf, code, opinion, content_hash).await
                } else {
                    return_draft(csrf, code, opinion).await
                }
            }
        })
    };
    Effect::new(move |_| {
        if let Some(result) = decide.value().get() {
            report(result, text::REVIEW_DECIDED);
        }
    });
    let own_work = review
        .own_work
        .then(|| view! { <p class="notice" role="note">{text::REVIEW_OWN_WORK}</p> });
    let reviewer_actions = review.may_review.then(|| {
        view! {
            <section class="section" aria-labelledby="review-decision">
                <h2 id="review-decision">{text::REVIEW_DECISION}</h2>
                <label for="review-opinion">{text::REVIEW_OPINION}</label>
                <textarea id="review-opinion" rows="3"
                    prop:value=move || opinion.get()
                    on:input=move |ev| opinion.set(event_target_value(&ev))></textarea>
                <div class="button-row">
                    <button type="button" class="button" on:click=move |_| { decide.dispatch(false); }>
                        {text::REVIEW_RETURN}
                    </button>
                    <button type="button" class="button button--primary" on:click=move |_| { decide.dispatch(true); }>
                        {text::REVIEW_APPROVE}
                    </button>
                </div>
            </section>
        }
    });

    let publish_form = review.may_publish.then(|| {
        let version_id = RwSignal::new(String::new());
        let label = RwSignal::new(String::new());
        let effective_date = RwSignal::new(String::new());
        let doc_no = RwSignal::new(String::new());
        let publish = {
            let (csrf, code) = (me.csrf.clone(), code.clone());
            Action::new(move |(): &()| {
                let request = PublishRequest {
                    version_id: version_id.get_untracked(),
                    label: label.get_untracked(),
                    effective_date: effective_date.get_untracked(),
                    doc_no: doc_no.get_untracked(),
                };
                publish_draft(csrf.clone(), code.clone(), request)
            })
        };
        {
            let code = code.clone();
            Effect::new(move |_| match publish.value().get() {
                Some(Ok(version)) => {
                    crate::islands::go(&links::compare(&code, None, Some(&version), None))
                }
                Some(Err(e)) => message.set(Some(text::workspace_error(&e))),
                None => {}
            });
        }
        view! {
            <section class="section" aria-labelledby="review-publish">
                <h2 id="review-publish">{text::REVIEW_PUBLISH}</h2>
                <form on:submit=move |ev| { ev.prevent_default(); publish.dispatch(()); }>
                    <InputField id="publish-version" label=text::PUBLISH_VERSION_ID kind="text" value=version_id required=true/>
                    <InputField id="publish-label" label=text::PUBLISH_LABEL kind="text" value=label required=true/>
                    <InputField id="publish-date" label=text::PUBLISH_DATE kind="date" value=effective_date required=true/>
                    <InputField id="publish-doc" label=text::PUBLISH_DOC_NO kind="text" value=doc_no required=true/>
                    <button type="submit" class="button button--primary">{text::REVIEW_PUBLISH}</button>
                </form>
            </section>
        }
    });

    let consultation = {
        let (csrf, code) = (me.csrf.clone(), code.clone());
        let may_open = review.may_consult
            && review.consultation_until.is_none()
            && matches!(review.state, ReviewState::Submitted | ReviewState::Approved);
        let open_form = may_open.then(|| {
            let until = RwSignal::new(String::new());
            let open = {
                let (csrf, code) = (csrf.clone(), code.clone());
                Action::new(move |(): &()| {
                    open_consultation(csrf.clone(), code.clone(), until.get_untracked())
                })
            };
            Effect::new(move |_| {
                if let Some(result) = open.value().get() {
                    report(result, text::CONSULT_OPENED);
                }
            });
            view! {
                <p class="hint">{text::CONSULT_HINT}</p>
                <form on:submit=move |ev| { ev.prevent_default(); open.dispatch(()); }>
                    <div class="form-field">
                        <label for="consult-until">{text::CONSULT_UNTIL}</label>
                        <input id="consult-until" type="date" required
                            prop:value=move || until.get()
                            on:input=move |ev| until.set(event_target_value(&ev))/>
                    </div>
                    <button type="submit" class="button">{text::CONSULT_OPEN}</button>
                </form>
            }
        });
        let period = review.consultation_until.clone().map(|until| {
            view! {
                <p>
                    {text::consultation_period(&until)} " "
                    <a href=links::consultation(&code)>{text::CONSULT_PUBLIC_LINK}</a>
                </p>
            }
        });
        let may_answer = review.may_consult;
        let comments = review
            .public_comments
            .iter()
            .map(|c| {
                let about = [c.item_id.clone(), c.field.clone()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" · ");
                let answer_text = RwSignal::new(c.answer.clone().unwrap_or_default());
                let answer = {
                    let (csrf, code, key) = (csrf.clone(), code.clone(), c.key.clone());
                    Action::new(move |(): &()| {
                        answer_comment(csrf.clone(), code.clone(), key.clone(), answer_text.get_untracked())
                    })
                };
                Effect::new(move |_| {
                    if let Some(result) = answer.value().get() {
                        report(result, text::CONSULT_ANSWERED);
                    }
                });
                let answer_id = format!("answer-{}", c.key);
                let form = may_answer.then(|| {
                    view! {
                        <form class="answer-form" on:submit=move |ev| { ev.prevent_default(); answer.dispatch(()); }>
                            <label for=answer_id.clone()>{text::CONSULT_ANSWER_LABEL}</label>
                            <textarea id=answer_id.clone() rows="2" required
                                prop:value=move || answer_text.get()
                                on:input=move |ev| answer_text.set(event_target_value(&ev))></textarea>
                            <button type="submit" class="button">{text::CONSULT_ANSWER_SEND}</button>
                        </form>
                    }
                });
                let shown = (!may_answer).then(|| {
                    c.answer.clone().map(|a| view! { <p><strong>{text::CONSULT_ANSWER}</strong> {text::COLON} {a}</p> })
                });
                view! {
                    <li class="public-comment">
                        <p class="meta">{text::public_comment_meta(&c.author, &c.at, &about)}</p>
                        <p>{c.text.clone()}</p>
                        {shown}
                        {form}
                    </li>
                }
            })
            .collect_view();
        let none = (review.consultation_until.is_some() && review.public_comments.is_empty())
            .then(|| view! { <p>{text::CONSULT_NONE}</p> });
        (may_open || review.consultation_until.is_some()).then(|| {
            view! {
                <section class="section" aria-labelledby="review-consultation">
                    <h2 id="review-consultation">{text::CONSULT_SECTION}</h2>
                    {open_form}
                    {period}
                    {none}
                    <ul class="public-comments">{comments}</ul>
                </section>
            }
        })
    };

    let items = review
        .items
        .iter()
        .map(|diff| {
            let chart = review
                .charts
                .iter()
                .find(|c| c.item_id == diff.item_id.as_str())
                .cloned();
            let comment_form = review.may_review.then(|| {
                view! { <CommentForm csrf=me.csrf.clone() code=code.clone() diff=diff.clone() message reload/> }
            });
            view! {
                <ItemChange
                    diff=diff.clone()
                    chart
                    to_version=String::new()
                    from_version=review.base_version.clone().unwrap_or_default()
                />
                {comment_form}
            }
        })
        .collect_view();

    view! {
        <Title text=text::page_title(&[text::REVIEW, &name])/>
        <Breadcrumbs crumbs=vec![
            Crumb::link(text::EDITOR, links::EDIT_HOME),
            Crumb::link(text::draft_of(&name), links::edit_draft(&code)),
            Crumb::here(text::REVIEW),
        ]/>
        <h1>{text::draft_of(&name)} " " {text::REVIEW}</h1>
        <p class="meta">
            {text::REVIEW_STATE} {text::COLON} <Badge text=review.state.label() kind="status"/>
            " " {text::review_base(review.base_version.as_deref())}
        </p>
        {move || message.get().map(|m| view! { <p class="form-message" role="status">{m}</p> })}
        <SummaryLine summary=review.summary.clone()/>
        <section class="section" aria-labelledby="review-trail">
            <h2 id="review-trail">{text::REVIEW_TRAIL}</h2>
            <ol class="review-trail">{trail}</ol>
        </section>
        <section class="section" aria-labelledby="review-comments">
            <h2 id="review-comments">{text::REVIEW_COMMENTS}</h2>
            <ul class="review-comments">{comments}</ul>
        </section>
        <section class="section" aria-labelledby="review-records">
            <h2 id="review-records">{text::REVIEW_RECORDS}</h2>
            {uncovered}
            {records}
            {editor_actions}
        </section>
        {own_work}
        {reviewer_actions}
        {consultation}
        {publish_form}
        <section class="section" aria-labelledby="review-changes">
            <h2 id="review-changes">{text::REVIEW_CHANGES}</h2>
            {items}
        </section>
    }
    .into_any()
}

/// The fields of one adjustment record.
#[component]
fn RecordFields(index: usize, form: RecordForm, editable: bool, stale: bool) -> impl IntoView {
    let id = |part: &str| format!("record-{index}-{part}");
    let codes = |codes: &[String]| {
        if codes.is_empty() {
            text::NONE.to_owned()
        } else {
            codes.join("、")
        }
    };
    let RecordForm {
        record,
        type_code,
        reason,
        basis_law,
        basis_article,
        basis_level,
        effective_date,
    } = form;
    // The values are also written as HTML (selected options, text, value
    // attributes), so the server-rendered page shows them before hydration.
    let chosen_type = type_code.get_untracked();
    let type_options = TYPES
        .into_iter()
        .map(|t| {
            let value = format!("{t:?}");
            let selected = value == chosen_type;
            view! { <option value=value selected=selected>{t.label()}</option> }
        })
        .collect_view();
    let chosen_level = basis_level.get_untracked();
    let level_options = LEVELS
        .into_iter()
        .map(|l| view! { <option value=l selected=l == chosen_level>{l}</option> })
        .collect_view();
    let disabled = !editable;
    view! {
        <fieldset class="adjustment-record" data-record=record.adjustment_id.clone()>
            <legend>{record.adjustment_id.clone()} " " {record.item_name.0.join("、")}</legend>
            {stale.then(|| view! { <p class="notice" role="note">{text::REVIEW_STALE_RECORD}</p> })}
            <p>
                {text::ADJ_ITEMS_BEFORE} {text::COLON} {codes(&record.items_before)}
                " " {text::ARROW} " "
                {text::ADJ_ITEMS_AFTER} {text::COLON} {codes(&record.items_after)}
            </p>
            <div class="form-field">
                <label for=id("type")>{text::COL_ADJUSTMENT}</label>
                <select id=id("type") disabled=disabled
                    prop:value=move || type_code.get()
                    on:change=move |ev| type_code.set(event_target_value(&ev))>
                    {type_options}
                </select>
            </div>
            <div class="form-field">
                <label for=id("reason")>{text::ADJ_REASON}</label>
                <textarea id=id("reason") rows="2" required disabled=disabled
                    prop:value=move || reason.get()
                    on:input=move |ev| reason.set(event_target_value(&ev))>{reason.get_untracked()}</textarea>
            </div>
            <InputField id=id("law") label=text::ADJ_BASIS_LAW kind="text" value=basis_law disabled/>
            <InputField id=id("article") label=text::ADJ_BASIS_ARTICLE kind="text" value=basis_article disabled/>
            <div class="form-field">
                <label for=id("level")>{text::ADJ_BASIS_LEVEL}</label>
                <select id=id("level") disabled=disabled
                    prop:value=move || basis_level.get()
                    on:change=move |ev| basis_level.set(event_target_value(&ev))>
                    {level_options}
                </select>
            </div>
            <InputField id=id("date") label=text::ADJ_EFFECTIVE kind="date" value=effective_date disabled/>
        </fieldset>
    }
}

/// A labelled input bound to `value`; the value is also written as the
/// HTML attribute, so the server-rendered page shows it before hydration.
#[component]
fn InputField(
    #[prop(into)] id: String,
    label: &'static str,
    kind: &'static str,
    value: RwSignal<String>,
    #[prop(optional)] disabled: bool,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    view! {
        <div class="form-field">
            <label for=id.clone()>{label}</label>
            <input id=id type=kind disabled=disabled required=required
                value=value.get_untracked()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))/>
        </div>
    }
}

/// A reviewer's comment on one changed item, optionally on one field.
#[component]
fn CommentForm(
    csrf: String,
    code: String,
    diff: data::diff::ItemDiff,
    message: RwSignal<Option<String>>,
    reload: RwSignal<u32>,
) -> impl IntoView {
    let item_id = diff.item_id.to_string();
    let field = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    let send = {
        let item_id = item_id.clone();
        Action::new(move |(): &()| {
            let field = Some(field.get_untracked()).filter(|f| !f.is_empty());
            comment_draft(
                csrf.clone(),
                code.clone(),
                Some(item_id.clone()),
                field,
                body.get_untracked(),
            )
        })
    };
    Effect::new(move |_| match send.value().get() {
        Some(Ok(())) => {
            message.set(Some(text::REVIEW_COMMENTED.to_owned()));
            reload.update(|n| *n += 1);
        }
        Some(Err(e)) => message.set(Some(text::workspace_error(&e))),
        None => {}
    });
    let options = diff
        .fields
        .iter()
        .map(|f| view! { <option value=f.label.clone()>{f.label.clone()}</option> })
        .collect_view();
    let field_id = format!("comment-field-{item_id}");
    let text_id = format!("comment-text-{item_id}");
    view! {
        <form class="comment-form" data-item=item_id.clone()
            on:submit=move |ev| { ev.prevent_default(); send.dispatch(()); }>
            <div class="form-field">
                <label for=field_id.clone()>{text::COMMENT_FIELD}</label>
                <select id=field_id
                    prop:value=move || field.get()
                    on:change=move |ev| field.set(event_target_value(&ev))>
                    <option value="">{text::COMMENT_WHOLE_ITEM}</option>
                    {options}
                </select>
            </div>
            <div class="form-field">
                <label for=text_id.clone()>{text::COMMENT_TEXT}</label>
                <textarea id=text_id rows="2" required
                    prop:value=move || body.get()
                    on:input=move |ev| body.set(event_target_value(&ev))></textarea>
            </div>
            <button type="submit" class="button">{text::COMMENT_SEND}</button>
        </form>
    }
}
