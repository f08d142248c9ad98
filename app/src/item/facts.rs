//! The 七公开 facts of an item, up front in one definition list: what the
//! power is, its legal bases, procedure, time limits, fee, who answers for
//! it and where to complain.

use data::Item;
use data::item::{ItemStatus, LegalBasis};
use data::version::Department;
use leptos::prelude::*;

use super::page::anchors;
use crate::components::{Badge, DateText, PhoneLink};
use crate::links;
use crate::text;

/// One row of a definition list: a term and its description.
#[component]
pub fn FactRow(
    /// The term.
    term: &'static str,
    /// The description.
    children: Children,
) -> impl IntoView {
    view! {
        <div class="facts__row">
            <dt>{term}</dt>
            <dd>{children()}</dd>
        </div>
    }
}

/// The 七公开 facts.
#[component]
pub fn Facts(
    /// The item.
    item: Item,
    /// Its department.
    department: Department,
) -> impl IntoView {
    let optional = |term: &'static str, value: Option<String>| {
        value.map(|value| view! { <FactRow term>{value}</FactRow> })
    };
    let bases: Vec<LegalBasis> = item.legal_basis.clone();
    let procedure = match &item.flowchart {
        Some(flowchart) => view! {
            <a href=format!("#{}", anchors::FLOWCHART)>
                {text::see_flowchart(flowchart.nodes.len())}
            </a>
        }
        .into_any(),
        None => text::NO_FLOWCHART.into_any(),
    };
    let time_limits = item
        .time_limit
        .to_chinese()
        .unwrap_or_else(|| text::NO_TIME_LIMIT.to_owned());
    let fee = if item.fee.charged {
        view! {
            {text::FEE_CHARGED}
            {item.fee.basis.clone().map(|basis| view! { <br/> {text::FEE_BASIS} {text::COLON} {basis} })}
            {item
                .fee
                .standard
                .clone()
                .map(|standard| view! { <br/> {text::FEE_STANDARD} {text::COLON} {standard} })}
        }
        .into_any()
    } else {
        text::NO_FEE.into_any()
    };
    let responsible = match &item.undertaking_unit {
        Some(unit) => format!("{}（{}）", item.implementing_body, unit),
        None => item.implementing_body.clone(),
    };
    // The item's own phone first; the department's when the item names none.
    let phone = item
        .supervision
        .phone
        .clone()
        .or_else(|| department.supervision_phone.clone());
    let phone = match phone {
        Some(phone) => view! { <PhoneLink phone/> }.into_any(),
        None => text::NOT_GIVEN.into_any(),
    };
    let complaint = optional(text::COMPLAINT_CHANNEL, item.supervision.complaint.clone());
    let status_kind = if item.status == ItemStatus::Active {
        "current"
    } else {
        "status"
    };
    let main_item = item
        .main_item_name
        .clone()
        .filter(|main| item.is_sub_item() && *main != item.name);
    view! {
        <section class="section" aria-labelledby=anchors::FACTS>
            <h2 id=anchors::FACTS>{text::ITEM_FACTS}</h2>
            <dl class="facts">
                <FactRow term=text::ITEM_NAME>{item.name.clone()}</FactRow>
                {optional(text::MAIN_ITEM, main_item)}
                <FactRow term=text::ITEM_CODE_FULL>
                    <span class="code">{item.item_code.clone()}</span>
                </FactRow>
                {optional(text::CATALOG_CODE, item.catalog_code.clone())}
                <FactRow term=text::CATEGORY>{item.category.name()}</FactRow>
                <FactRow term=text::IMPLEMENTING_BODY>{item.implementing_body.clone()}</FactRow>
                {optional(text::UNDERTAKING_UNIT, item.undertaking_unit.clone())}
                {optional(text::IMPLEMENTING_LEVEL, item.implementing_level.clone())}
                {optional(text::TARGET, item.target.clone())}
                <FactRow term=text::LEGAL_BASIS>
                    <LegalBasisList bases/>
                </FactRow>
                <FactRow term=text::PROCEDURE>{procedure}</FactRow>
                <FactRow term=text::TIME_LIMITS>{time_limits}</FactRow>
                <FactRow term=text::FEE>{fee}</FactRow>
                <FactRow term=text::RESPONSIBLE_UNIT>{responsible}</FactRow>
                <FactRow term=text::SUPERVISION_PHONE>{phone}</FactRow>
                {complaint}
                <FactRow term=text::STATUS>
                    <Badge text=item.status.label() kind=status_kind/>
                </FactRow>
            </dl>
        </section>
    }
}

/// Legal bases as a list: role, citation, level, and whether it was checked.
#[component]
pub fn LegalBasisList(
    /// The bases, in the order published.
    bases: Vec<LegalBasis>,
    /// Whether to show each basis' role (设定依据 …); not under a heading
    /// that already names it.
    #[prop(default = true)]
    show_role: bool,
) -> impl IntoView {
    if bases.is_empty() {
        return text::NOT_GIVEN.into_any();
    }
    let rows = bases
        .into_iter()
        .map(|basis| {
            let unverified = (!basis.verified).then(|| {
                view! {
                    <span class="badge badge--unverified">
                        {text::UNVERIFIED}
                        <span class="visually-hidden">{text::OPEN_PAREN} {text::UNVERIFIED_HINT} {text::CLOSE_PAREN}</span>
                    </span>
                }
            });
            let effective = basis.effective_date.map(|date| {
                view! {
                    <span class="basis__date">
                        {text::OPEN_PAREN} <DateText date/> {text::EFFECTIVE_SUFFIX} {text::CLOSE_PAREN}
                    </span>
                }
            });
            let note = basis
                .note
                .clone()
                .map(|note| view! { <p class="basis__note">{note}</p> });
            view! {
                <li class="basis">
                    {show_role.then(|| view! { <span class="basis__role">{basis.role.label()}</span> })}
                    <a class="basis__citation" href=links::basis(&lookup_text(&basis)) title=text::BASIS_LINK_TITLE>
                        {basis.citation()}
                    </a>
                    <span class="basis__level">{text::OPEN_PAREN} {basis.level.label().to_owned()} {text::CLOSE_PAREN}</span>
                    {effective}
                    {unverified}
                    {note}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="basis-list">{rows}</ul> }.into_any()
}

/// What to look up for a basis: the law and its article, or the law alone
/// when the basis cites several articles (`第三条、第九条至第十二条`), which
/// the lookup takes one at a time.
fn lookup_text(basis: &LegalBasis) -> String {
    let law = if basis.law.starts_with('《') {
        basis.law.clone()
    } else {
        format!("《{}》", basis.law)
    };
    match basis.article.as_deref().map(str::trim) {
        Some(article)
            if !article.is_empty()
                && !article.contains(['、', '，', ',', '；', '至', '和', '及']) =>
        {
            format!("{law}{article}")
        }
        _ => law,
    }
}
