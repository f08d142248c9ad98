//! The 运行流程图 section: the drawn chart beside its ordered text version,
//! every step once, in reading order, with who does it, how long it may
//! take and where it leads.
//!
//! The text version is always shown, not only to screen readers: it carries
//! what the drawing leaves out (materials, documents, risk controls) and it
//! reads well on a phone and in print.

use data::flowchart::{EdgeKind, Flowchart, NodeKind, Risk, RiskLevel, Step, StepLink};
use leptos::prelude::*;

use super::chart::FlowchartDrawing;
use super::page::anchors;
use crate::components::Badge;
use crate::text;

/// The 运行流程图 section.
#[component]
pub fn FlowchartSection(
    /// The chart.
    flowchart: Flowchart,
    /// The item the chart belongs to.
    item_id: String,
    /// The version shown, when it is not the current one.
    version: Option<String>,
) -> impl IntoView {
    let steps = flowchart
        .steps()
        .iter()
        .map(|step| view! { <StepView step=StepData::from(step)/> }.into_any())
        .collect_view();
    let procedure = flowchart
        .procedure
        .clone()
        .map(|procedure| view! { <p class="flowchart__procedure">{text::flowchart_procedure(&procedure)}</p> });
    let title = flowchart
        .title
        .clone()
        .map(|title| view! { <p class="flowchart__title">{title}</p> });
    let supervision = flowchart
        .supervision
        .clone()
        .filter(|s| !s.channels.is_empty())
        .map(|s| {
            view! {
                <p class="flowchart__supervision">
                    {text::FLOWCHART_SUPERVISION} {text::COLON} {s.channels.join(text::SEMICOLON)}
                </p>
            }
        });
    let note = flowchart
        .note
        .clone()
        .map(|note| view! { <p class="flowchart__note">{note}</p> });
    view! {
        <section class="section flowchart" aria-labelledby=anchors::FLOWCHART>
            <h2 id=anchors::FLOWCHART>{text::FLOWCHART}</h2>
            {title}
            {procedure}
            <FlowchartDrawing flowchart=flowchart.clone() item_id version/>
            <h3 class="flowchart__text-heading">{text::FLOWCHART_TEXT_VERSION}</h3>
            <p class="flowchart__intro">{text::FLOWCHART_INTRO}</p>
            <ol class="steps" role="list">{steps}</ol>
            {supervision}
            {note}
        </section>
    }
}

/// What a step view needs, owned (the chart's steps borrow the chart).
#[derive(Debug, Clone)]
struct StepData {
    number: usize,
    label: String,
    kind: NodeKind,
    role: Option<String>,
    time_limit: Option<String>,
    materials: Vec<String>,
    outputs: Vec<String>,
    legal_ref: Option<String>,
    risk: Option<Risk>,
    supervision_point: bool,
    next: Vec<LinkData>,
}

/// Where a step leads, owned.
#[derive(Debug, Clone)]
struct LinkData {
    condition: Option<String>,
    kind: EdgeKind,
    number: usize,
    label: String,
}

impl From<&Step<'_>> for StepData {
    fn from(step: &Step<'_>) -> Self {
        let node = step.node;
        Self {
            number: step.number,
            label: node.label.clone(),
            kind: node.kind,
            role: node.role.clone(),
            time_limit: node.time_limit.map(|d| d.to_chinese()),
            materials: node.materials.clone(),
            outputs: node.outputs.clone(),
            legal_ref: node.legal_ref.clone(),
            risk: node.risk.clone(),
            supervision_point: node.supervision_point,
            next: step.next.iter().map(LinkData::from).collect(),
        }
    }
}

impl From<&StepLink<'_>> for LinkData {
    fn from(link: &StepLink<'_>) -> Self {
        Self {
            condition: link.condition.map(str::to_owned),
            kind: link.kind,
            number: link.number,
            label: link.label.to_owned(),
        }
    }
}

/// The id of a step's list entry, for links from other steps.
fn step_anchor(number: usize) -> String {
    format!("step-{number}")
}

/// One step.
#[component]
fn StepView(step: StepData) -> impl IntoView {
    let kind_class = match step.kind {
        NodeKind::Start => "step step--start",
        NodeKind::Task => "step step--task",
        NodeKind::Decision => "step step--decision",
        NodeKind::End => "step step--end",
    };
    let list = |term: &'static str, values: Vec<String>| {
        (!values.is_empty()).then(|| {
            let items = values
                .into_iter()
                .map(|v| view! { <li>{v}</li> })
                .collect_view();
            view! {
                <div class="step__row">
                    <dt>{term}</dt>
                    <dd>
                        <ul>{items}</ul>
                    </dd>
                </div>
            }
        })
    };
    let role = step
        .role
        .map(|role| view! { <p class="step__role">{text::step_role(&role)}</p> });
    let time_limit = step
        .time_limit
        .map(|limit| view! { <p class="step__limit">{text::step_time_limit(&limit)}</p> });
    let legal_ref = step.legal_ref.map(|legal_ref| {
        view! {
            <div class="step__row">
                <dt>{text::STEP_LEGAL_REF}</dt>
                <dd>{legal_ref}</dd>
            </div>
        }
    });
    let supervision = step
        .supervision_point
        .then(|| view! { " " <Badge text=text::SUPERVISION_POINT kind="supervision"/> });
    let risk = step.risk.map(|risk| view! { <RiskView risk/> });
    let details = (!step.materials.is_empty() || !step.outputs.is_empty() || legal_ref.is_some())
        .then(|| {
            view! {
                <dl class="step__details">
                    {list(text::STEP_MATERIALS, step.materials)}
                    {list(text::STEP_OUTPUTS, step.outputs)}
                    {legal_ref}
                </dl>
            }
        });
    let next = if step.next.is_empty() {
        view! { <p class="step__next step__next--end">{text::STEP_ENDS}</p> }.into_any()
    } else {
        let links = step
            .next
            .into_iter()
            .map(|link| view! { <NextLink link/> })
            .collect_view();
        view! {
            <div class="step__next">
                <span class="visually-hidden">{text::STEP_NEXT} {text::COLON}</span>
                <ul>{links}</ul>
            </div>
        }
        .into_any()
    };
    view! {
        <li class=kind_class id=step_anchor(step.number)>
            <p class="step__head">
                <span class="step__number">{text::step_number(step.number)}</span>
                " "
                <strong class="step__label">{step.label}</strong>
                " "
                <Badge text=step.kind.label() kind="kind"/>
                {supervision}
            </p>
            {role}
            {time_limit}
            {details}
            {risk}
            {next}
        </li>
    }
}

/// An integrity risk point: its level as text, what could go wrong, controls.
#[component]
fn RiskView(risk: Risk) -> impl IntoView {
    let kind = match risk.level {
        RiskLevel::High => "risk-high",
        RiskLevel::Medium => "risk-medium",
        RiskLevel::Low => "risk-low",
    };
    let controls = (!risk.controls.is_empty()).then(|| {
        let items = risk
            .controls
            .into_iter()
            .map(|c| view! { <li>{c}</li> })
            .collect_view();
        view! {
            <p class="risk__label">{text::RISK_CONTROLS} {text::COLON}</p>
            <ul>{items}</ul>
        }
    });
    let responsible = risk.responsible.map(|who| {
        view! { <p>{text::RISK_RESPONSIBLE} {text::COLON} {who}</p> }
    });
    view! {
        <div class="risk">
            <p class="risk__head">
                <span class="risk__title">{text::RISK_POINT}</span>
                " "
                <Badge text=text::risk_level(risk.level.label()) kind=kind/>
            </p>
            {(!risk.description.is_empty()).then(|| view! { <p>{risk.description.clone()}</p> })}
            {controls}
            {responsible}
        </div>
    }
}

/// One way out of a step: `→ 第2步 受理`, `若材料不齐全 → 第3步 …`, `退回 → …`.
#[component]
fn NextLink(link: LinkData) -> impl IntoView {
    let target = text::edge_target(link.number, &link.label);
    let href = format!("#{}", step_anchor(link.number));
    let (lead, tail) = match (link.kind, link.condition) {
        (EdgeKind::Return, condition) => (
            Some(text::EDGE_RETURN.to_owned()),
            condition.map(|c| text::return_reason(&c)),
        ),
        (_, Some(condition)) => (Some(text::edge_condition(&condition)), None),
        (_, None) => (None, None),
    };
    let class = if link.kind == EdgeKind::Return {
        "next next--return"
    } else {
        "next"
    };
    view! {
        <li class=class>
            {lead.map(|lead| view! { <span class="next__condition">{lead}</span> " " })}
            <span aria-hidden="true">{text::ARROW}</span>
            " "
            <a href=href>{target}</a>
            {tail}
        </li>
    }
}
