//! The flowchart editor: steps and transitions as tables, the chart laid out
//! and drawn in the browser by `data` (compiled to wasm) after every change,
//! problems listed beside the table, and a DOT graph that can be pasted in.

use data::Item;
use data::editing::{FieldIssue, FieldProblem};
use data::flowchart::{
    Edge, EdgeKind, Flowchart, LayoutOptions, Node, NodeKind, Risk, RiskLevel, SvgOptions, layout,
    render_svg,
};
use data::item::{Duration, TimeUnit};
use leptos::prelude::*;

use crate::text;

const KINDS: [NodeKind; 4] = [
    NodeKind::Start,
    NodeKind::Task,
    NodeKind::Decision,
    NodeKind::End,
];
const EDGE_KINDS: [EdgeKind; 4] = [
    EdgeKind::Normal,
    EdgeKind::Branch,
    EdgeKind::Return,
    EdgeKind::Terminate,
];
const RISKS: [RiskLevel; 3] = [RiskLevel::High, RiskLevel::Medium, RiskLevel::Low];

/// A chart to start from: 开始 → 受理 → 办结.
fn starter() -> Flowchart {
    Flowchart {
        title: None,
        procedure: None,
        nodes: vec![
            Node::new("S", text::STEP_START, NodeKind::Start),
            Node::new("N1", text::STEP_ACCEPT, NodeKind::Task),
            Node::new("E", text::STEP_END, NodeKind::End),
        ],
        edges: vec![edge("S", "N1"), edge("N1", "E")],
        supervision: None,
        note: None,
    }
}

fn edge(from: &str, to: &str) -> Edge {
    Edge {
        from: from.to_owned(),
        to: to.to_owned(),
        condition: None,
        kind: EdgeKind::Normal,
    }
}

/// A step id not used yet (`N1`, `N2`, …).
fn free_id(chart: &Flowchart) -> String {
    (1..)
        .map(|n| format!("N{n}"))
        .find(|id| chart.nodes.iter().all(|n| &n.id != id))
        .unwrap_or_default()
}

fn edit_chart(item: RwSignal<Item>, f: impl FnOnce(&mut Flowchart)) {
    item.update(|i| {
        if let Some(chart) = i.flowchart.as_mut() {
            f(chart);
        }
    });
}

/// The flowchart section of the item form.
#[component]
pub fn FlowchartEditor(item: RwSignal<Item>, problems: Memo<Vec<FieldProblem>>) -> impl IntoView {
    let has_chart = Memo::new(move |_| item.with(|i| i.flowchart.is_some()));
    let n_nodes =
        Memo::new(move |_| item.with(|i| i.flowchart.as_ref().map_or(0, |c| c.nodes.len())));
    let n_edges =
        Memo::new(move |_| item.with(|i| i.flowchart.as_ref().map_or(0, |c| c.edges.len())));
    let node_ids = Memo::new(move |_| {
        item.with(|i| {
            i.flowchart
                .as_ref()
                .map(|c| {
                    c.nodes
                        .iter()
                        .map(|n| (n.id.clone(), n.label.clone()))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    // Drawn from the same rules the server uses; recomputed after every change.
    let drawing = Memo::new(move |_| {
        item.with(|i| {
            i.flowchart.as_ref().map(|chart| {
                layout(chart, &LayoutOptions::default())
                    .map(|g| {
                        render_svg(
                            &g,
                            &SvgOptions {
                                id_prefix: "editor-chart".into(),
                                legend: false,
                            },
                        )
                    })
                    .ok()
            })
        })
    });
    let chart_problems = move || {
        problems
            .read()
            .iter()
            .filter_map(|p| match &p.issue {
                FieldIssue::Flowchart { message } => Some(message.clone()),
                _ => None,
            })
            .collect::<Vec<_>>()
    };
    let dot = RwSignal::new(String::new());
    let dot_error = RwSignal::new(None::<String>);
    // What the import inferred (returns, flattened labels, lanes), shown
    // until the next import so the editor can check it.
    let dot_notices = RwSignal::new(Vec::<String>::new());
    let import_dot = move |_| match data::flowchart::dot::import_dot(&dot.get()) {
        Ok(import) => {
            let mut notices: Vec<String> = import.notices.iter().map(text::dot_notice).collect();
            notices.extend(
                text::dot_layout(import.layout)
                    .into_iter()
                    .map(str::to_owned),
            );
            item.update(|i| i.flowchart = Some(import.chart));
            dot_error.set(None);
            dot_notices.set(notices);
            dot.set(String::new());
        }
        Err(e) => {
            dot_error.set(Some(text::dot_error(&e)));
            dot_notices.set(Vec::new());
        }
    };
    let add_step = move |_| {
        edit_chart(item, |c| {
            let id = free_id(c);
            c.nodes.push(Node::new(id, text::NEW_STEP, NodeKind::Task));
        })
    };
    let add_edge = move |_| {
        edit_chart(item, |c| {
            let first = c.nodes.first().map(|n| n.id.clone()).unwrap_or_default();
            let last = c.nodes.last().map(|n| n.id.clone()).unwrap_or_default();
            c.edges.push(edge(&first, &last));
        })
    };

    view! {
        <fieldset class="chart-editor">
            <legend>{text::SECTION_FLOWCHART}</legend>
            <Show
                when=move || has_chart.get()
                fallback=move || view! {
                    <p>{text::NO_CHART_YET}</p>
                    <button type="button" class="button button--secondary"
                        on:click=move |_| item.update(|i| i.flowchart = Some(starter()))>
                        {text::ADD_CHART}
                    </button>
                }
            >
                <div class="chart-editor__grid">
                    <div class="chart-editor__tables">
                        <table class="edit-table" aria-describedby="chart-problems">
                            <caption>{text::STEPS_CAPTION}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{text::COL_STEP_ID}</th>
                                    <th scope="col">{text::COL_STEP_LABEL}</th>
                                    <th scope="col">{text::COL_STEP_KIND}</th>
                                    <th scope="col">{text::COL_STEP_ROLE}</th>
                                    <th scope="col">{text::COL_STEP_DAYS}</th>
                                    <th scope="col">{text::COL_STEP_RISK}</th>
                                    <th scope="col"><span class="visually-hidden">{text::COL_ACTIONS}</span></th>
                                </tr>
                            </thead>
                            <tbody>
                                {move || (0..n_nodes.get()).map(|idx| view! { <StepRow item idx/> }).collect_view()}
                            </tbody>
                        </table>
                        <button type="button" class="button button--secondary" on:click=add_step>{text::ADD_STEP}</button>
                        <table class="edit-table">
                            <caption>{text::EDGES_CAPTION}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{text::COL_EDGE_FROM}</th>
                                    <th scope="col">{text::COL_EDGE_TO}</th>
                                    <th scope="col">{text::COL_EDGE_CONDITION}</th>
                                    <th scope="col">{text::COL_EDGE_KIND}</th>
                                    <th scope="col"><span class="visually-hidden">{text::COL_ACTIONS}</span></th>
                                </tr>
                            </thead>
                            <tbody>
                                {move || (0..n_edges.get()).map(|idx| view! { <EdgeRow item idx node_ids/> }).collect_view()}
                            </tbody>
                        </table>
                        <button type="button" class="button button--secondary" on:click=add_edge>{text::ADD_EDGE}</button>
                        <div id="chart-problems" class="chart-problems" aria-live="polite">
                            {move || {
                                let list = chart_problems();
                                if list.is_empty() {
                                    view! { <p class="chart-ok">{text::CHART_VALID}</p> }.into_any()
                                } else {
                                    view! {
                                        <p class="field-problem">{text::chart_problems(list.len())}</p>
                                        <ul class="problem-list">
                                            {list.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}
                                        </ul>
                                    }
                                    .into_any()
                                }
                            }}
                        </div>
                    </div>
                    <figure class="chart-editor__preview">
                        <figcaption>{text::CHART_PREVIEW}</figcaption>
                        {move || match drawing.get().flatten() {
                            Some(svg) => view! { <div class="chart-preview" data-testid="chart-preview" inner_html=svg></div> }.into_any(),
                            None => view! { <p class="chart-preview chart-preview--invalid">{text::CHART_NOT_DRAWN}</p> }.into_any(),
                        }}
                    </figure>
                </div>
                <details class="dot-import">
                    <summary>{text::DOT_IMPORT}</summary>
                    <label for="dot-text">{text::DOT_LABEL}</label>
                    <textarea id="dot-text" rows="6" prop:value=move || dot.get()
                        on:input=move |ev| dot.set(event_target_value(&ev))></textarea>
                    <button type="button" class="button button--secondary" on:click=import_dot>{text::DOT_APPLY}</button>
                    {move || dot_error.get().map(|e| view! { <p class="field-problem" role="alert">{e}</p> })}
                    <ul class="dot-notices" aria-live="polite">
                        {move || dot_notices.get().into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}
                    </ul>
                </details>
                <button type="button" class="button button--link"
                    on:click=move |_| item.update(|i| i.flowchart = None)>
                    {text::REMOVE_CHART}
                </button>
            </Show>
        </fieldset>
    }
}

#[component]
fn StepRow(item: RwSignal<Item>, idx: usize) -> impl IntoView {
    let node = move || item.with(|i| i.flowchart.as_ref().and_then(|c| c.nodes.get(idx).cloned()));
    let set = move |f: Box<dyn FnOnce(&mut Node)>| {
        edit_chart(item, |c| {
            if let Some(n) = c.nodes.get_mut(idx) {
                f(n);
            }
        })
    };
    let rename = move |ev: leptos::ev::Event| {
        let new_id = event_target_value(&ev).trim().to_owned();
        if new_id.is_empty() {
            return;
        }
        edit_chart(item, |c| {
            let Some(old) = c.nodes.get(idx).map(|n| n.id.clone()) else {
                return;
            };
            if c.nodes.iter().any(|n| n.id == new_id) {
                return;
            }
            for e in &mut c.edges {
                if e.from == old {
                    e.from = new_id.clone();
                }
                if e.to == old {
                    e.to = new_id.clone();
                }
            }
            if let Some(n) = c.nodes.get_mut(idx) {
                n.id = new_id;
            }
        });
    };
    let remove = move |_| {
        edit_chart(item, |c| {
            if idx < c.nodes.len() {
                let id = c.nodes.remove(idx).id;
                c.edges.retain(|e| e.from != id && e.to != id);
            }
        })
    };
    let label = move || node().map(|n| n.label).unwrap_or_default();
    let row_label = move || text::step_n(idx + 1, &label());
    view! {
        <tr>
            <td><input type="text" size="4" aria-label=move || format!("{} {}", row_label(), text::COL_STEP_ID)
                prop:value=move || node().map(|n| n.id).unwrap_or_default() on:change=rename/></td>
            <td><input type="text" aria-label=move || format!("{} {}", text::step_n(idx + 1, ""), text::COL_STEP_LABEL)
                prop:value=label
                on:input=move |ev| { let v = event_target_value(&ev); set(Box::new(move |n| n.label = v)) }/></td>
            <td>
                <select aria-label=move || format!("{} {}", row_label(), text::COL_STEP_KIND) on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if let Some(k) = KINDS.into_iter().find(|k| k.label() == v) {
                        set(Box::new(move |n| n.kind = k));
                    }
                }>
                    {KINDS.into_iter().map(|k| view! {
                        <option value=k.label() selected=move || node().is_some_and(|n| n.kind == k)>{k.label()}</option>
                    }).collect_view()}
                </select>
            </td>
            <td><input type="text" size="8" aria-label=move || format!("{} {}", row_label(), text::COL_STEP_ROLE)
                prop:value=move || node().and_then(|n| n.role).unwrap_or_default()
                on:input=move |ev| { let v = event_target_value(&ev); set(Box::new(move |n| n.role = (!v.trim().is_empty()).then_some(v))) }/></td>
            <td><input type="number" min="0" max="365" class="input--short" aria-label=move || format!("{} {}", row_label(), text::COL_STEP_DAYS)
                prop:value=move || node().and_then(|n| n.time_limit).map(|d| d.value.to_string()).unwrap_or_default()
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    let limit = v.trim().parse::<u32>().ok().filter(|d| *d > 0).map(|value| Duration { value, unit: TimeUnit::WorkingDay });
                    set(Box::new(move |n| n.time_limit = limit));
                }/></td>
            <td>
                <select aria-label=move || format!("{} {}", row_label(), text::COL_STEP_RISK) on:change=move |ev| {
                    let v = event_target_value(&ev);
                    let level = RISKS.into_iter().find(|r| text::risk_level_name(*r) == v);
                    set(Box::new(move |n| {
                        n.risk = level.map(|level| match n.risk.take() {
                            Some(mut r) => { r.level = level; r }
                            None => Risk { level, description: String::new(), controls: Vec::new(), responsible: None },
                        })
                    }));
                }>
                    <option value="" selected=move || node().is_some_and(|n| n.risk.is_none())>{text::RISK_NONE}</option>
                    {RISKS.into_iter().map(|r| view! {
                        <option value=text::risk_level_name(r) selected=move || node().is_some_and(|n| n.risk.as_ref().is_some_and(|x| x.level == r))>{text::risk_level_name(r)}</option>
                    }).collect_view()}
                </select>
            </td>
            <td><button type="button" class="button button--link" on:click=remove>{move || text::remove_step(&label())}</button></td>
        </tr>
    }
}

#[component]
fn EdgeRow(
    item: RwSignal<Item>,
    idx: usize,
    node_ids: Memo<Vec<(String, String)>>,
) -> impl IntoView {
    let current =
        move || item.with(|i| i.flowchart.as_ref().and_then(|c| c.edges.get(idx).cloned()));
    let set = move |f: Box<dyn FnOnce(&mut Edge)>| {
        edit_chart(item, |c| {
            if let Some(e) = c.edges.get_mut(idx) {
                f(e);
            }
        })
    };
    let options = move |selected: fn(&Edge) -> String| {
        node_ids
            .get()
            .into_iter()
            .map(|(id, label)| {
                let is = id.clone();
                view! {
                    <option value=id.clone() selected=move || current().is_some_and(|e| selected(&e) == is)>
                        {format!("{id} {label}")}
                    </option>
                }
            })
            .collect_view()
    };
    let n = idx + 1;
    view! {
        <tr>
            <td>
                <select aria-label=text::edge_field(n, text::COL_EDGE_FROM) on:change=move |ev| {
                    let v = event_target_value(&ev);
                    set(Box::new(move |e| e.from = v));
                }>{move || options(|e| e.from.clone())}</select>
            </td>
            <td>
                <select aria-label=text::edge_field(n, text::COL_EDGE_TO) on:change=move |ev| {
                    let v = event_target_value(&ev);
                    set(Box::new(move |e| e.to = v));
                }>{move || options(|e| e.to.clone())}</select>
            </td>
            <td><input type="text" aria-label=text::edge_field(n, text::COL_EDGE_CONDITION)
                prop:value=move || current().and_then(|e| e.condition).unwrap_or_default()
                on:input=move |ev| { let v = event_target_value(&ev); set(Box::new(move |e| e.condition = (!v.trim().is_empty()).then_some(v))) }/></td>
            <td>
                <select aria-label=text::edge_field(n, text::COL_EDGE_KIND) on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if let Some(k) = EDGE_KINDS.into_iter().find(|k| text::edge_kind(*k) == v) {
                        set(Box::new(move |e| e.kind = k));
                    }
                }>
                    {EDGE_KINDS.into_iter().map(|k| view! {
                        <option value=text::edge_kind(k) selected=move || current().is_some_and(|e| e.kind == k)>{text::edge_kind(k)}</option>
                    }).collect_view()}
                </select>
            </td>
            <td><button type="button" class="button button--link"
                on:click=move |_| edit_chart(item, |c| { if idx < c.edges.len() { c.edges.remove(idx); } })>
                {text::remove_edge(n)}
            </button></td>
        </tr>
    }
}
