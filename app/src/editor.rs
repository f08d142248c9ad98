//! The editor for legal affairs offices: sign-in, the drafts a user may
//! edit, a draft's item list, the item form with its flowchart and
//! discretion editors, and the audit log. Pages are rendered on the server
//! like the portal; editing itself needs the hydrated page.

pub mod audit;
pub mod departments;
pub mod discretion;
pub mod draft;
pub mod fields;
pub mod flowchart;
pub mod home;
pub mod import;
pub mod item;
pub mod login;

use data::Item;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::links;
use crate::text;
use crate::workspace::WorkspaceError;

/// The page shown when an editing request failed, with the HTTP status set.
#[component]
pub fn WorkspaceErrorView(error: WorkspaceError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>()
        && let Ok(code) = http::StatusCode::from_u16(error.status())
    {
        response.set_status(code);
    }
    let here = crate::islands::current_path();
    match error {
        WorkspaceError::SignedOut => view! {
            <Title text=text::page_title(&[text::SIGN_IN])/>
            <div class="error-page">
                <h1>{text::SIGN_IN_NEEDED}</h1>
                <p>{text::SIGN_IN_NEEDED_TEXT}</p>
                <p><a class="button" href=links::login(Some(&here))>{text::SIGN_IN}</a></p>
            </div>
        }
        .into_any(),
        other => {
            let message = text::workspace_error(&other);
            view! {
                <Title text=text::page_title(&[&message])/>
                <div class="error-page">
                    <h1>{message}</h1>
                    <p><a href=links::EDIT_HOME>{text::BACK_TO_EDITOR}</a></p>
                </div>
            }
            .into_any()
        }
    }
}

/// Reads one field of an item as text.
type ReadField = fn(&Item) -> String;

/// The fields in which two versions of an item differ: (label, mine, theirs),
/// each value as readable text.
pub fn item_fields_differing(mine: &Item, theirs: &Item) -> Vec<(String, String, String)> {
    let show_bases = |i: &Item| {
        i.legal_basis
            .iter()
            .map(|b| b.citation())
            .collect::<Vec<_>>()
            .join("；")
    };
    let show_chart = |i: &Item| {
        i.flowchart
            .as_ref()
            .map(|c| {
                c.nodes
                    .iter()
                    .map(|n| n.label.clone())
                    .collect::<Vec<_>>()
                    .join(" → ")
            })
            .unwrap_or_default()
    };
    let show_tiers = |i: &Item| {
        i.discretion
            .as_ref()
            .map(|d| {
                d.tiers
                    .iter()
                    .map(|t| {
                        format!(
                            "{} {}",
                            t.tier.short_label(),
                            t.fine.as_ref().map(|f| f.to_chinese()).unwrap_or_default()
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("；")
            })
            .unwrap_or_default()
    };
    let fields: Vec<(&str, ReadField)> = vec![
        (text::F_NAME, |i| i.name.clone()),
        (text::F_CODE, |i| i.item_code.clone()),
        (text::F_CATEGORY, |i| i.category.name().to_owned()),
        (text::F_STATUS, |i| i.status.label().to_owned()),
        (text::F_IMPLEMENTING_BODY, |i| i.implementing_body.clone()),
        (text::F_UNDERTAKING_UNIT, |i| {
            i.undertaking_unit.clone().unwrap_or_default()
        }),
        (text::F_LEVEL, |i| {
            i.implementing_level.clone().unwrap_or_default()
        }),
        (text::F_TARGET, |i| i.target.clone().unwrap_or_default()),
        (text::SECTION_TIME_LIMITS, |i| {
            i.time_limit.to_chinese().unwrap_or_default()
        }),
        (text::F_FEE_STANDARD, |i| {
            i.fee.standard.clone().unwrap_or_default()
        }),
        (text::F_PHONE, |i| {
            i.supervision.phone.clone().unwrap_or_default()
        }),
        (text::F_COMPLAINT, |i| {
            i.supervision.complaint.clone().unwrap_or_default()
        }),
        (text::F_SITUATIONS, |i| {
            i.accountability.situations.join("；")
        }),
        (text::F_RELIEF, |i| i.relief.join("；")),
        (text::F_REMARK, |i| i.remark.clone().unwrap_or_default()),
    ];
    let mut rows: Vec<(String, String, String)> = fields
        .into_iter()
        .map(|(label, read)| (label.to_owned(), read(mine), read(theirs)))
        .collect();
    rows.push((
        text::SECTION_BASES.to_owned(),
        show_bases(mine),
        show_bases(theirs),
    ));
    rows.push((
        text::SECTION_FLOWCHART.to_owned(),
        show_chart(mine),
        show_chart(theirs),
    ));
    rows.push((
        text::SECTION_DISCRETION.to_owned(),
        show_tiers(mine),
        show_tiers(theirs),
    ));
    if mine.responsibilities != theirs.responsibilities {
        rows.push((
            text::SECTION_RESPONSIBILITIES.to_owned(),
            text::n_entries(mine.responsibilities.len()),
            text::n_entries(theirs.responsibilities.len()),
        ));
    }
    rows.retain(|(_, a, b)| a != b);
    if rows.is_empty() && mine != theirs {
        rows.push((
            text::OTHER_FIELDS.to_owned(),
            text::DIFFERS.to_owned(),
            text::DIFFERS.to_owned(),
        ));
    }
    rows
}
