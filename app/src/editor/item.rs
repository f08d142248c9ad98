//! The item form: every field of a draft item, its flowchart and discretion
//! standard, checked while typing by the same rules the server applies, saved
//! with the revision it started from so that nobody's work is overwritten.

use data::Category;
use data::Item;
use data::editing::{FieldProblem, check_item};
use data::item::{
    BasisRole, Duration, ItemStatus, LawLevel, LegalBasis, Responsibility, TimeLimits, TimeUnit,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::discretion::DiscretionEditor;
use super::fields::{FieldProblems, TextField, field_id, lines, opt, set_opt};
use super::flowchart::FlowchartEditor;
use super::{WorkspaceErrorView, item_fields_differing};
use crate::layout::{Breadcrumbs, Crumb};
use crate::links;
use crate::text;
use crate::workspace::{
    Conflict, DraftItemView, Me, WorkspaceError, get_draft_item, get_me, save_item,
};

/// The `/edit/:code/items/:item_id` route.
#[component]
pub fn EditItemPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || {
            (
                params.read().get("code").unwrap_or_default(),
                params.read().get("item_id").unwrap_or_default(),
            )
        },
        |(code, item_id)| async move {
            let me = get_me().await?.ok_or(WorkspaceError::SignedOut)?;
            let view = get_draft_item(code, item_id).await?;
            Ok::<_, WorkspaceError>((me, view))
        },
    );
    view! {
        <Suspense fallback=|| view! { <p class="loading">{text::LOADING}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((me, view)) => view! { <ItemForm me view/> }.into_any(),
                    Err(error) => view! { <WorkspaceErrorView error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Where the form stands with the server.
#[derive(Debug, Clone, PartialEq)]
enum SaveState {
    /// Nothing changed since loading or saving.
    Clean,
    /// Changes not saved yet.
    Dirty,
    /// A save is under way.
    Saving,
    /// Saved just now.
    Saved,
    /// The server refused the save.
    Failed(WorkspaceError),
}

/// The item form with its flowchart and discretion editors.
#[island]
fn ItemForm(me: Me, view: DraftItemView) -> impl IntoView {
    crate::islands::mark_hydrated();
    let DraftItemView {
        department,
        item: loaded,
        rev,
        updated_by,
        updated_at,
        main_items,
    } = view;
    let dept_code = department.dept_code.clone();
    let code = dept_code.to_string();
    let item = RwSignal::new(loaded.clone());
    let saved_item = RwSignal::new(loaded.clone());
    let rev = RwSignal::new(rev);
    let state = RwSignal::new(SaveState::Clean);
    let conflict: RwSignal<Option<Conflict>> = RwSignal::new(None);
    let problems = Memo::new(move |_| item.with(|i| check_item(i, &dept_code)));
    let dirty = Memo::new(move |_| item.with(|i| saved_item.with(|s| i != s)));
    Effect::new(move |_| {
        if dirty.get() && matches!(state.get_untracked(), SaveState::Clean | SaveState::Saved) {
            state.set(SaveState::Dirty);
        }
    });
    // Leaving the page with unsaved changes asks first.
    let _unload = window_event_listener(leptos::ev::beforeunload, move |ev| {
        if dirty.get_untracked() {
            ev.prevent_default();
        }
    });

    let csrf = me.csrf.clone();
    let save = {
        let code = code.clone();
        Action::new(move |(item_now, rev_now): &(Item, i64)| {
            let (csrf, code, item_now, rev_now) =
                (csrf.clone(), code.clone(), item_now.clone(), *rev_now);
            async move {
                (
                    item_now.clone(),
                    save_item(csrf, code, item_now, rev_now).await,
                )
            }
        })
    };
    Effect::new(move |_| {
        if let Some((sent, result)) = save.value().get() {
            match result {
                Ok(new_rev) => {
                    rev.set(new_rev);
                    saved_item.set(sent);
                    conflict.set(None);
                    state.set(
                        if item.with_untracked(|i| *i == saved_item.get_untracked()) {
                            SaveState::Saved
                        } else {
                            SaveState::Dirty
                        },
                    );
                }
                Err(WorkspaceError::Conflict(theirs)) => {
                    conflict.set(Some(*theirs));
                    state.set(SaveState::Dirty);
                }
                Err(error) => state.set(SaveState::Failed(error)),
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !problems.read().is_empty() {
            state.set(SaveState::Failed(WorkspaceError::Invalid(problems.get())));
            return;
        }
        state.set(SaveState::Saving);
        save.dispatch((item.get(), rev.get()));
    };
    let keep_mine = move |_| {
        if let Some(theirs) = conflict.get() {
            state.set(SaveState::Saving);
            save.dispatch((item.get(), theirs.rev));
        }
    };
    let take_theirs = move |_| {
        if let Some(theirs) = conflict.get() {
            item.set(theirs.theirs.clone());
            saved_item.set(theirs.theirs.clone());
            rev.set(theirs.rev);
            conflict.set(None);
            state.set(SaveState::Clean);
        }
    };

    let status = move || match state.get() {
        SaveState::Clean => text::SAVE_CLEAN.to_owned(),
        SaveState::Dirty => text::SAVE_DIRTY.to_owned(),
        SaveState::Saving => text::SAVE_SAVING.to_owned(),
        SaveState::Saved => text::SAVE_DONE.to_owned(),
        SaveState::Failed(e) => text::workspace_error(&e),
    };
    let n_problems = move || problems.read().len();
    let title = loaded.name.clone();
    let item_id = loaded.item_id.to_string();

    let conflict_view = move || {
        conflict.get().map(|theirs| {
            let rows = item.with(|mine| item_fields_differing(mine, &theirs.theirs));
            view! {
                <section class="conflict" role="alert" aria-labelledby="conflict-title">
                    <h2 id="conflict-title">{text::CONFLICT_TITLE}</h2>
                    <p>{text::conflict_intro(&theirs.updated_by, &theirs.updated_at)}</p>
                    <table class="conflict-table">
                        <caption>{text::CONFLICT_CAPTION}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{text::CONFLICT_FIELD}</th>
                                <th scope="col">{text::CONFLICT_MINE}</th>
                                <th scope="col">{text::CONFLICT_THEIRS}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {rows
                                .into_iter()
                                .map(|(field, mine, theirs)| {
                                    view! {
                                        <tr>
                                            <th scope="row">{field}</th>
                                            <td>{mine}</td>
                                            <td>{theirs}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                    <div class="button-row">
                        <button type="button" class="button" on:click=keep_mine>
                            {text::CONFLICT_KEEP_MINE}
                        </button>
                        <button type="button" class="button button--secondary" on:click=take_theirs>
                            {text::CONFLICT_TAKE_THEIRS}
                        </button>
                    </div>
                </section>
            }
        })
    };

    view! {
        <Title text=text::page_title(&[&title, text::EDITOR])/>
        <Breadcrumbs crumbs=vec![
            Crumb::link(text::EDITOR, links::EDIT_HOME),
            Crumb::link(text::draft_of(&department.name), links::edit_draft(&code)),
            Crumb::here(title.clone()),
        ]/>
        <div class="page-head">
            <h1>{move || item.with(|i| i.name.clone())}</h1>
            <p class="meta">
                {text::last_saved(&updated_by, &updated_at)} {" "}
                <a href=links::item(&item_id, None)>{text::VIEW_PUBLISHED}</a>
            </p>
        </div>
        {conflict_view}
        <form class="item-form" on:submit=submit novalidate>
            <fieldset>
                <legend>{text::SECTION_BASICS}</legend>
                <TextField label=text::F_NAME path="name" item problems
                    get=|i: &Item| i.name.clone() set=|i: &mut Item, v| i.name = v/>
                <TextField label=text::F_CODE path="item_code" item problems hint=text::F_CODE_HINT
                    get=|i: &Item| i.item_code.clone() set=|i: &mut Item, v| i.item_code = v/>
                <TextField label=text::F_CATALOG_CODE path="catalog_code" item problems
                    get=|i: &Item| opt(&i.catalog_code) set=|i: &mut Item, v| set_opt(&mut i.catalog_code, v)/>
                <CategorySelect item/>
                <StatusSelect item/>
                <ParentSelect item main_items problems/>
                <TextField label=text::F_SUB_ITEM_NAME path="sub_item_name" item problems
                    get=|i: &Item| opt(&i.sub_item_name) set=|i: &mut Item, v| set_opt(&mut i.sub_item_name, v)/>
            </fieldset>
            <fieldset>
                <legend>{text::SECTION_BODIES}</legend>
                <TextField label=text::F_IMPLEMENTING_BODY path="implementing_body" item problems
                    get=|i: &Item| i.implementing_body.clone() set=|i: &mut Item, v| i.implementing_body = v/>
                <TextField label=text::F_UNDERTAKING_UNIT path="undertaking_unit" item problems
                    get=|i: &Item| opt(&i.undertaking_unit) set=|i: &mut Item, v| set_opt(&mut i.undertaking_unit, v)/>
                <TextField label=text::F_LEVEL path="implementing_level" item problems
                    get=|i: &Item| opt(&i.implementing_level) set=|i: &mut Item, v| set_opt(&mut i.implementing_level, v)/>
                <TextField label=text::F_TARGET path="target" item problems
                    get=|i: &Item| opt(&i.target) set=|i: &mut Item, v| set_opt(&mut i.target, v)/>
            </fieldset>
            <LegalBases item problems/>
            <Responsibilities item problems/>
            <fieldset>
                <legend>{text::SECTION_ACCOUNTABILITY}</legend>
                <TextField label=text::F_SITUATIONS path="accountability.situations" item problems multiline=true
                    hint=text::ONE_PER_LINE
                    get=|i: &Item| i.accountability.situations.join("\n")
                    set=|i: &mut Item, v| i.accountability.situations = lines(&v)/>
            </fieldset>
            <fieldset>
                <legend>{text::SECTION_TIME_LIMITS}</legend>
                <DurationField label=text::F_STATUTORY path="time_limit.statutory" item problems
                    get=|t: &TimeLimits| t.statutory set=|t: &mut TimeLimits, d| t.statutory = d/>
                <DurationField label=text::F_PROMISED path="time_limit.promised" item problems
                    get=|t: &TimeLimits| t.promised set=|t: &mut TimeLimits, d| t.promised = d/>
            </fieldset>
            <fieldset>
                <legend>{text::SECTION_FEE}</legend>
                <div class="field field--check">
                    <input type="checkbox" id="f-fee-charged"
                        prop:checked=move || item.with(|i| i.fee.charged)
                        on:change=move |ev| {
                            let checked = event_target_checked(&ev);
                            item.update(|i| i.fee.charged = checked);
                        }/>
                    <label for="f-fee-charged">{text::F_FEE_CHARGED}</label>
                </div>
                <TextField label=text::F_FEE_STANDARD path="fee.standard" item problems
                    get=|i: &Item| opt(&i.fee.standard) set=|i: &mut Item, v| set_opt(&mut i.fee.standard, v)/>
                <TextField label=text::F_FEE_BASIS path="fee.basis" item problems
                    get=|i: &Item| opt(&i.fee.basis) set=|i: &mut Item, v| set_opt(&mut i.fee.basis, v)/>
            </fieldset>
            <fieldset>
                <legend>{text::SECTION_SUPERVISION}</legend>
                <TextField label=text::F_PHONE path="supervision.phone" item problems
                    get=|i: &Item| opt(&i.supervision.phone) set=|i: &mut Item, v| set_opt(&mut i.supervision.phone, v)/>
                <TextField label=text::F_COMPLAINT path="supervision.complaint" item problems
                    get=|i: &Item| opt(&i.supervision.complaint) set=|i: &mut Item, v| set_opt(&mut i.supervision.complaint, v)/>
                <TextField label=text::F_RELIEF path="relief" item problems multiline=true hint=text::ONE_PER_LINE
                    get=|i: &Item| i.relief.join("\n") set=|i: &mut Item, v| i.relief = lines(&v)/>
                <TextField label=text::F_REMARK path="remark" item problems multiline=true
                    get=|i: &Item| opt(&i.remark) set=|i: &mut Item, v| set_opt(&mut i.remark, v)/>
            </fieldset>
            <FlowchartEditor item problems/>
            <DiscretionEditor item problems/>
            <div class="save-bar">
                <button type="submit" class="button" disabled=move || state.get() == SaveState::Saving>
                    {text::SAVE}
                </button>
                <p class="save-status" role="status" aria-live="polite">
                    {status}
                    {move || (n_problems() > 0).then(|| text::n_problems(n_problems()))}
                </p>
            </div>
        </form>
    }
    .into_any()
}

#[component]
fn CategorySelect(item: RwSignal<Item>) -> impl IntoView {
    view! {
        <div class="field">
            <label for="f-category">{text::F_CATEGORY}</label>
            <select id="f-category" on:change=move |ev| {
                if let Some(c) = Category::parse(&event_target_value(&ev)) {
                    item.update(|i| i.category = c);
                }
            }>
                {Category::ALL
                    .into_iter()
                    .map(|c| {
                        view! {
                            <option value=c.abbr() selected=move || item.with(|i| i.category == c)>
                                {c.name()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

#[component]
fn StatusSelect(item: RwSignal<Item>) -> impl IntoView {
    const ALL: [ItemStatus; 4] = [
        ItemStatus::Active,
        ItemStatus::Suspended,
        ItemStatus::Cancelled,
        ItemStatus::Delegated,
    ];
    view! {
        <div class="field">
            <label for="f-status">{text::F_STATUS}</label>
            <select id="f-status" on:change=move |ev| {
                let v = event_target_value(&ev);
                if let Some(s) = ALL.into_iter().find(|s| s.label() == v) {
                    item.update(|i| i.status = s);
                }
            }>
                {ALL.into_iter()
                    .map(|s| view! {
                        <option value=s.label() selected=move || item.with(|i| i.status == s)>{s.label()}</option>
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

#[component]
fn ParentSelect(
    item: RwSignal<Item>,
    main_items: Vec<(String, String)>,
    problems: Memo<Vec<FieldProblem>>,
) -> impl IntoView {
    // A sub-item carries its main item's name (主项名称) as published lists do.
    let names = main_items.clone();
    let main_name = move |code: &str| {
        names
            .iter()
            .find(|(c, _)| c == code)
            .map(|(_, name)| name.clone())
    };
    view! {
        <div class="field">
            <label for="f-parent_code">{text::F_PARENT}</label>
            <select id="f-parent_code" aria-describedby="f-parent_code-problems" on:change=move |ev| {
                let v = event_target_value(&ev);
                let main = main_name(&v);
                item.update(|i| {
                    i.parent_code = (!v.is_empty()).then_some(v);
                    i.main_item_name = main;
                });
            }>
                <option value="" selected=move || item.with(|i| i.parent_code.is_none())>
                    {text::F_PARENT_NONE}
                </option>
                {main_items
                    .into_iter()
                    .map(|(code, name)| {
                        let selected_code = code.clone();
                        view! {
                            <option value=code.clone() data-name=name.clone()
                                selected=move || item.with(|i| i.parent_code.as_deref() == Some(selected_code.as_str()))>
                                {format!("{code} {name}")}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <FieldProblems id="f-parent_code".into() path="parent_code".into() problems/>
        </div>
    }
}

#[component]
fn DurationField<G, S>(
    label: &'static str,
    path: &'static str,
    item: RwSignal<Item>,
    get: G,
    set: S,
    problems: Memo<Vec<FieldProblem>>,
) -> impl IntoView
where
    G: Fn(&TimeLimits) -> Option<Duration> + Send + Sync + Copy + 'static,
    S: Fn(&mut TimeLimits, Option<Duration>) + Send + Sync + Copy + 'static,
{
    let id = field_id(path);
    let current = move || item.with(|i| get(&i.time_limit));
    let unit_value = move || match current() {
        None => "",
        Some(Duration {
            unit: TimeUnit::WorkingDay,
            ..
        }) => "working_day",
        Some(Duration {
            unit: TimeUnit::Day,
            ..
        }) => "day",
        Some(Duration {
            unit: TimeUnit::OnTheSpot,
            ..
        }) => "on_the_spot",
        Some(Duration {
            unit: TimeUnit::Month,
            ..
        }) => "month",
    };
    let set_unit = move |ev: leptos::ev::Event| {
        let unit = match event_target_value(&ev).as_str() {
            "working_day" => Some(TimeUnit::WorkingDay),
            "day" => Some(TimeUnit::Day),
            "on_the_spot" => Some(TimeUnit::OnTheSpot),
            "month" => Some(TimeUnit::Month),
            _ => None,
        };
        item.update(|i| {
            let value = get(&i.time_limit).map_or(1, |d| d.value.max(1));
            set(
                &mut i.time_limit,
                unit.map(|unit| Duration {
                    value: if unit == TimeUnit::OnTheSpot {
                        0
                    } else {
                        value
                    },
                    unit,
                }),
            );
        });
    };
    let set_value = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        if let Ok(value) = text.trim().parse::<u32>() {
            item.update(|i| {
                if let Some(mut d) = get(&i.time_limit) {
                    d.value = value;
                    set(&mut i.time_limit, Some(d));
                }
            });
        }
    };
    let number_id = format!("{id}-value");
    let unit_id = format!("{id}-unit");
    view! {
        <div class="field field--duration">
            <span class="field-label" id=format!("{id}-label")>{label}</span>
            <div class="duration-inputs" role="group" aria-labelledby=format!("{id}-label")>
                <label class="visually-hidden" for=number_id.clone()>{text::F_DURATION_VALUE}</label>
                <input id=number_id type="number" min="0" max="3650" inputmode="numeric"
                    aria-describedby=format!("{id}-problems")
                    disabled=move || !matches!(current(), Some(Duration { unit: TimeUnit::WorkingDay | TimeUnit::Day | TimeUnit::Month, .. }))
                    prop:value=move || current().map(|d| d.value.to_string()).unwrap_or_default()
                    on:input=set_value/>
                <label class="visually-hidden" for=unit_id.clone()>{text::F_DURATION_UNIT}</label>
                <select id=unit_id on:change=set_unit prop:value=unit_value>
                    <option value="" selected=move || unit_value().is_empty()>{text::UNIT_NONE}</option>
                    <option value="working_day" selected=move || unit_value() == "working_day">{text::UNIT_WORKING_DAY}</option>
                    <option value="day" selected=move || unit_value() == "day">{text::UNIT_DAY}</option>
                    <option value="on_the_spot" selected=move || unit_value() == "on_the_spot">{text::UNIT_ON_THE_SPOT}</option>
                    <option value="month" selected=move || unit_value() == "month">{text::UNIT_MONTH}</option>
                </select>
            </div>
            <FieldProblems id path=path.to_owned() problems/>
        </div>
    }
}

const LEVELS: [&str; 7] = [
    "法律",
    "行政法规",
    "地方性法规",
    "部门规章",
    "地方政府规章",
    "规章",
    "规范性文件",
];
const ROLES: [BasisRole; 3] = [
    BasisRole::Creating,
    BasisRole::Implementing,
    BasisRole::Accountability,
];

#[component]
fn LegalBases(item: RwSignal<Item>, problems: Memo<Vec<FieldProblem>>) -> impl IntoView {
    let len = Memo::new(move |_| item.with(|i| i.legal_basis.len()));
    let add = move |_| {
        item.update(|i| {
            i.legal_basis.push(LegalBasis {
                law: String::new(),
                article: None,
                level: LawLevel::Law,
                role: BasisRole::Implementing,
                verified: false,
                effective_date: None,
                note: None,
            })
        })
    };
    view! {
        <fieldset>
            <legend>{text::SECTION_BASES}</legend>
            {move || {
                (0..len.get())
                    .map(|idx| view! { <BasisRow item problems idx/> })
                    .collect_view()
            }}
            <button type="button" class="button button--secondary" on:click=add>
                {text::ADD_BASIS}
            </button>
        </fieldset>
    }
}

#[component]
fn BasisRow(item: RwSignal<Item>, problems: Memo<Vec<FieldProblem>>, idx: usize) -> impl IntoView {
    let remove = move |_| {
        item.update(|i| {
            if idx < i.legal_basis.len() {
                i.legal_basis.remove(idx);
            }
        })
    };
    let level_id = format!("f-legal_basis-{idx}-level");
    let role_id = format!("f-legal_basis-{idx}-role");
    let get_basis = move |i: &Item| i.legal_basis.get(idx).cloned();
    view! {
        <div class="list-row" role="group" aria-label=text::basis_n(idx + 1)>
            <TextField label=text::F_LAW path=format!("legal_basis[{idx}].law") item problems
                get=move |i: &Item| i.legal_basis.get(idx).map(|b| b.law.clone()).unwrap_or_default()
                set=move |i: &mut Item, v| if let Some(b) = i.legal_basis.get_mut(idx) { b.law = v }/>
            <TextField label=text::F_ARTICLE path=format!("legal_basis[{idx}].article") item problems
                get=move |i: &Item| i.legal_basis.get(idx).map(|b| opt(&b.article)).unwrap_or_default()
                set=move |i: &mut Item, v| if let Some(b) = i.legal_basis.get_mut(idx) { set_opt(&mut b.article, v) }/>
            <div class="field">
                <label for=level_id.clone()>{text::F_LAW_LEVEL}</label>
                <select id=level_id on:change=move |ev| {
                    let v = event_target_value(&ev);
                    item.update(|i| if let Some(b) = i.legal_basis.get_mut(idx) { b.level = LawLevel::from(v) });
                }>
                    {LEVELS.into_iter().map(|l| view! {
                        <option value=l selected=move || item.with(|i| get_basis(i).is_some_and(|b| b.level.label() == l))>{l}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for=role_id.clone()>{text::F_BASIS_ROLE}</label>
                <select id=role_id on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if let Some(r) = ROLES.into_iter().find(|r| r.label() == v) {
                        item.update(|i| if let Some(b) = i.legal_basis.get_mut(idx) { b.role = r });
                    }
                }>
                    {ROLES.into_iter().map(|r| view! {
                        <option value=r.label() selected=move || item.with(|i| get_basis(i).is_some_and(|b| b.role == r))>{r.label()}</option>
                    }).collect_view()}
                </select>
            </div>
            <button type="button" class="button button--link" on:click=remove>
                {text::remove_basis(idx + 1)}
            </button>
        </div>
    }
}

#[component]
fn Responsibilities(item: RwSignal<Item>, problems: Memo<Vec<FieldProblem>>) -> impl IntoView {
    let len = Memo::new(move |_| item.with(|i| i.responsibilities.len()));
    let add = move |_| {
        item.update(|i| {
            i.responsibilities.push(Responsibility {
                stage: String::new(),
                duty: String::new(),
            })
        })
    };
    view! {
        <fieldset>
            <legend>{text::SECTION_RESPONSIBILITIES}</legend>
            {move || {
                (0..len.get())
                    .map(|idx| {
                        let remove = move |_| item.update(|i| {
                            if idx < i.responsibilities.len() {
                                i.responsibilities.remove(idx);
                            }
                        });
                        view! {
                            <div class="list-row" role="group" aria-label=text::responsibility_n(idx + 1)>
                                <TextField label=text::F_STAGE path=format!("responsibilities[{idx}].stage") item problems
                                    get=move |i: &Item| i.responsibilities.get(idx).map(|r| r.stage.clone()).unwrap_or_default()
                                    set=move |i: &mut Item, v| if let Some(r) = i.responsibilities.get_mut(idx) { r.stage = v }/>
                                <TextField label=text::F_DUTY path=format!("responsibilities[{idx}].duty") item problems multiline=true
                                    get=move |i: &Item| i.responsibilities.get(idx).map(|r| r.duty.clone()).unwrap_or_default()
                                    set=move |i: &mut Item, v| if let Some(r) = i.responsibilities.get_mut(idx) { r.duty = v }/>
                                <button type="button" class="button button--link" on:click=remove>
                                    {text::remove_responsibility(idx + 1)}
                                </button>
                            </div>
                        }
                    })
                    .collect_view()
            }}
            <button type="button" class="button button--secondary" on:click=add>
                {text::ADD_RESPONSIBILITY}
            </button>
        </fieldset>
    }
}
