//! The drawn flowchart: SVG rendered on the server (readable without
//! JavaScript) with download links; after hydration, zoom buttons,
//! drag-to-pan and arrow keys that move focus along the chart's edges.
//!
//! The drawing is computed from the chart on the server and again while
//! hydrating; layout and rendering are pure and deterministic, so both
//! produce the same markup.

use std::collections::HashMap;

use data::flowchart::{Flowchart, LayoutError, LayoutOptions, SvgOptions, layout, render_svg};
use leptos::html;
use leptos::prelude::*;

use crate::{links, text};

/// Prefix of the element ids inside the drawing (one chart per page).
const ID_PREFIX: &str = "flowchart";

/// The zoom factors the buttons step through.
const ZOOM_LEVELS: [f64; 8] = [0.4, 0.5, 0.65, 0.8, 1.0, 1.25, 1.5, 2.0];
/// The index of 100 % in [`ZOOM_LEVELS`].
const ZOOM_ORIGINAL: usize = 4;

/// The chart as SVG markup, or every problem that keeps it from being drawn.
pub(super) fn draw(chart: &Flowchart) -> Result<String, Vec<String>> {
    match layout(chart, &LayoutOptions::default()) {
        Ok(geometry) => Ok(render_svg(
            &geometry,
            &SvgOptions {
                id_prefix: ID_PREFIX.into(),
                legend: true,
            },
        )),
        Err(LayoutError::Invalid(problems)) => {
            Err(problems.iter().map(ToString::to_string).collect())
        }
    }
}

/// The drawing of a chart with its download links, or the list of problems
/// when the chart cannot be drawn.
#[component]
pub fn FlowchartDrawing(
    /// The chart.
    flowchart: Flowchart,
    /// The item the chart belongs to, for the download addresses.
    item_id: String,
    /// The version shown, when it is not the current one.
    version: Option<String>,
) -> impl IntoView {
    match draw(&flowchart) {
        Ok(svg) => view! { <DrawnChart svg item_id version/> }.into_any(),
        Err(problems) => view! { <InvalidChart problems/> }.into_any(),
    }
}

/// Why the chart is not drawn: every problem, never a half-drawn chart.
#[component]
fn InvalidChart(problems: Vec<String>) -> impl IntoView {
    let problems = problems
        .into_iter()
        .map(|problem| view! { <li>{problem}</li> })
        .collect_view();
    view! {
        <div class="flowchart__figure flowchart__invalid">
            <p class="flowchart__invalid-title">
                <strong>{text::FLOWCHART_INVALID}</strong>
            </p>
            <p>{text::FLOWCHART_PROBLEMS}</p>
            <ul>{problems}</ul>
        </div>
    }
}

/// The SVG, its download links and, once hydrated, its controls.
#[component]
fn DrawnChart(svg: String, item_id: String, version: Option<String>) -> impl IntoView {
    view! {
        <ChartFigure item_id version>
            <div class="flowchart__drawing" inner_html=svg></div>
        </ChartFigure>
    }
}

/// The figure around the drawing (its `children`, drawn on the server):
/// the download links and, in the browser, zoom, drag and arrow keys.
#[island]
fn ChartFigure(item_id: String, version: Option<String>, children: Children) -> impl IntoView {
    crate::islands::mark_hydrated();
    // Effects run only in the browser: the controls appear once they work,
    // so a page without JavaScript shows no dead buttons.
    let interactive = RwSignal::new(false);
    Effect::new(move |_| interactive.set(true));

    let zoom = RwSignal::new(ZOOM_ORIGINAL);
    let canvas = NodeRef::<html::Div>::new();
    Effect::new(move |previous: Option<()>| {
        let factor = ZOOM_LEVELS[zoom.get()];
        if let Some(canvas) = canvas.get() {
            browser::apply_zoom(&canvas, factor);
            // A chart wider than a phone opens scrolled to its start, not
            // to its left edge.
            if previous.is_none() {
                browser::show_start(&canvas);
            }
        }
    });
    // For each node reached with ArrowDown, the node it was reached from, so
    // that ArrowUp goes back the same way when a node has several
    // predecessors.
    let came_from = StoredValue::new(HashMap::<String, String>::new());
    let drag = StoredValue::new(None::<browser::Drag>);

    let download = |extension: &'static str, label: &'static str| {
        view! {
            <a
                class="flowchart__download"
                href=links::flowchart_file(&item_id, version.as_deref(), extension)
                download=text::flowchart_file_name(&item_id, extension)
            >
                {label}
            </a>
        }
    };
    let zoom_button = move |label: &'static str, name: &'static str, to: fn(usize) -> usize| {
        let unavailable = move || to(zoom.get()) == zoom.get();
        view! {
            <button
                type="button"
                class="flowchart__zoom-button"
                aria-label=name
                aria-disabled=move || unavailable().then_some("true")
                on:click=move |_| zoom.update(|level| *level = to(*level))
            >
                {label}
            </button>
        }
    };
    let controls = move || {
        interactive.get().then(|| {
            view! {
                <div class="flowchart__zoom" role="group" aria-label=text::FLOWCHART_TOOLS>
                    {zoom_button(text::ZOOM_IN, text::ZOOM_IN_LABEL, zoom_in)}
                    {zoom_button(text::ZOOM_OUT, text::ZOOM_OUT_LABEL, zoom_out)}
                    {zoom_button(text::ZOOM_RESET, text::ZOOM_RESET_LABEL, |_| ZOOM_ORIGINAL)}
                    <output class="flowchart__zoom-level" aria-live="polite">
                        {move || text::zoom_level(zoom_percent(zoom.get()))}
                    </output>
                </div>
            }
        })
    };
    let hint = move || {
        interactive
            .get()
            .then(|| view! { <p class="flowchart__hint">{text::FLOWCHART_KEYS_HINT}</p> })
    };
    view! {
        <div class="flowchart__figure">
            <div class="flowchart__toolbar">
                <p class="flowchart__downloads">
                    {download("svg", text::DOWNLOAD_SVG)} {download("png", text::DOWNLOAD_PNG)}
                </p>
                {controls}
            </div>
            <div
                class="flowchart__canvas"
                class:flowchart__canvas--interactive=move || interactive.get()
                node_ref=canvas
                on:keydown=move |event| browser::move_focus(&event, canvas, came_from)
                on:pointerdown=move |event| browser::start_drag(&event, drag)
                on:pointermove=move |event| browser::drag_to(&event, canvas, drag)
                on:pointerup=move |event| browser::end_drag(&event, canvas, drag)
                on:pointercancel=move |event| browser::end_drag(&event, canvas, drag)
            >
                {children()}
            </div>
            {hint}
        </div>
    }
}

/// The next larger zoom level (the same at the largest).
fn zoom_in(level: usize) -> usize {
    (level + 1).min(ZOOM_LEVELS.len() - 1)
}

/// The next smaller zoom level (the same at the smallest).
fn zoom_out(level: usize) -> usize {
    level.saturating_sub(1)
}

/// A zoom level in percent, `125`.
fn zoom_percent(level: usize) -> u32 {
    // The factors are small positive constants; the cast cannot truncate.
    (ZOOM_LEVELS[level] * 100.0).round() as u32
}

/// Where a key moves the focus inside the chart.
// Only the browser build (and the tests) move focus.
#[cfg(any(feature = "hydrate", test))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Move {
    /// ArrowDown, ArrowRight: to the first node the focused one leads to.
    Forward,
    /// ArrowUp, ArrowLeft: to a node that leads to the focused one.
    Back,
    /// Home: to the first node.
    First,
    /// End: to the last node.
    Last,
}

#[cfg(any(feature = "hydrate", test))]
impl Move {
    /// The move a key (`KeyboardEvent.key`) asks for, if any.
    fn from_key(key: &str) -> Option<Self> {
        match key {
            "ArrowDown" | "ArrowRight" => Some(Move::Forward),
            "ArrowUp" | "ArrowLeft" => Some(Move::Back),
            "Home" => Some(Move::First),
            "End" => Some(Move::Last),
            _ => None,
        }
    }
}

/// The id of the node that receives focus after `step` from `current`.
///
/// `nodes` are `(id, data-next)` of every node in document order, where
/// `data-next` lists the ids of the nodes its edges lead to. Going back
/// prefers `came_from` (the node `current` was reached from) when it is a
/// predecessor, then the first predecessor in document order.
#[cfg(any(feature = "hydrate", test))]
fn focus_target(
    step: Move,
    current: &str,
    nodes: &[(String, String)],
    came_from: Option<&str>,
) -> Option<String> {
    let leads_to_current =
        |(_, next): &&(String, String)| next.split_whitespace().any(|id| id == current);
    let found = match step {
        Move::Forward => nodes
            .iter()
            .find(|(id, _)| id == current)
            .and_then(|(_, next)| next.split_whitespace().next()),
        Move::Back => came_from
            .filter(|from| {
                nodes
                    .iter()
                    .filter(leads_to_current)
                    .any(|(id, _)| id == from)
            })
            .or_else(|| {
                nodes
                    .iter()
                    .find(leads_to_current)
                    .map(|(id, _)| id.as_str())
            }),
        Move::First => nodes.first().map(|(id, _)| id.as_str()),
        Move::Last => nodes.last().map(|(id, _)| id.as_str()),
    };
    found.filter(|id| *id != current).map(str::to_owned)
}

/// What the browser does with events on the chart. On the server no event
/// ever fires, and these functions do nothing.
mod browser {
    use std::collections::HashMap;

    use leptos::ev::{KeyboardEvent, PointerEvent};
    use leptos::html;
    use leptos::prelude::*;

    /// A drag in progress: where it started, in screen and scroll positions.
    // Only the browser build creates drags.
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    #[derive(Debug, Clone, Copy)]
    pub(super) struct Drag {
        pointer: i32,
        x: i32,
        y: i32,
        left: i32,
        top: i32,
        /// Whether the pointer has moved far enough to count as a drag
        /// rather than a click.
        moved: bool,
    }

    /// How far, in pixels, the pointer moves before a press becomes a drag.
    #[cfg(feature = "hydrate")]
    const DRAG_THRESHOLD: i32 = 4;

    /// Scales the SVG inside `canvas` by `factor` of its own size, keeping
    /// the middle of the visible part in the middle.
    #[cfg(feature = "hydrate")]
    pub(super) fn apply_zoom(canvas: &leptos::web_sys::HtmlDivElement, factor: f64) {
        let Ok(Some(svg)) = canvas.query_selector("svg") else {
            return;
        };
        let Some(view_box) = svg.get_attribute("viewBox") else {
            return;
        };
        let numbers: Vec<f64> = view_box
            .split_whitespace()
            .filter_map(|n| n.parse().ok())
            .collect();
        let [_, _, width, height] = numbers[..] else {
            return;
        };
        let middle = |scroll: i32, client: i32, total: i32| {
            (f64::from(scroll) + f64::from(client) / 2.0) / f64::from(total.max(1))
        };
        let middle_x = middle(
            canvas.scroll_left(),
            canvas.client_width(),
            canvas.scroll_width(),
        );
        let middle_y = middle(
            canvas.scroll_top(),
            canvas.client_height(),
            canvas.scroll_height(),
        );
        let _ = svg.set_attribute("width", &format!("{:.1}", width * factor));
        let _ = svg.set_attribute("height", &format!("{:.1}", height * factor));
        // Pixel positions fit in an i32; rounding is what the browser does.
        let left =
            middle_x * f64::from(canvas.scroll_width()) - f64::from(canvas.client_width()) / 2.0;
        let top =
            middle_y * f64::from(canvas.scroll_height()) - f64::from(canvas.client_height()) / 2.0;
        canvas.set_scroll_left(left.round() as i32);
        canvas.set_scroll_top(top.round() as i32);
    }

    /// Scrolls `canvas` sideways so that the start node is in the middle,
    /// when the drawing is wider than the canvas.
    #[cfg(feature = "hydrate")]
    pub(super) fn show_start(canvas: &leptos::web_sys::HtmlDivElement) {
        let Ok(Some(shape)) = canvas.query_selector(".node--start .shape") else {
            return;
        };
        let number = |name: &str| {
            shape
                .get_attribute(name)
                .and_then(|value| value.parse::<f64>().ok())
        };
        let (Some(x), Some(width)) = (number("x"), number("width")) else {
            return;
        };
        let overflow = canvas.scroll_width() - canvas.client_width();
        if overflow > 0 {
            // Pixel positions fit in an i32; rounding is what the browser does.
            let left = (x + width / 2.0 - f64::from(canvas.client_width()) / 2.0).round() as i32;
            canvas.set_scroll_left(left.clamp(0, overflow));
        }
    }

    /// Moves focus along the chart's edges when a node has focus and an
    /// arrow key (or Home, End) is pressed.
    #[cfg(feature = "hydrate")]
    pub(super) fn move_focus(
        event: &KeyboardEvent,
        canvas: NodeRef<html::Div>,
        came_from: StoredValue<HashMap<String, String>>,
    ) {
        use wasm_bindgen::JsCast;

        if event.alt_key() || event.ctrl_key() || event.meta_key() || event.shift_key() {
            return;
        }
        let Some(step) = super::Move::from_key(&event.key()) else {
            return;
        };
        let Some(canvas) = canvas.get() else {
            return;
        };
        let Some(focused) = event
            .target()
            .and_then(|target| target.dyn_into::<leptos::web_sys::Element>().ok())
            .filter(|element| element.class_list().contains("node"))
        else {
            return;
        };
        let current = focused.id();
        let elements = canvas.get_elements_by_class_name("node");
        let mut nodes = Vec::new();
        let mut by_id = HashMap::new();
        for index in 0..elements.length() {
            if let Some(element) = elements.item(index) {
                let next = element.get_attribute("data-next").unwrap_or_default();
                nodes.push((element.id(), next));
                by_id.insert(element.id(), element);
            }
        }
        let previous = came_from.with_value(|map| map.get(&current).cloned());
        let Some(target) = super::focus_target(step, &current, &nodes, previous.as_deref()) else {
            return;
        };
        let Some(element) = by_id
            .remove(&target)
            .and_then(|element| element.dyn_into::<leptos::web_sys::SvgElement>().ok())
        else {
            return;
        };
        event.prevent_default();
        if step == super::Move::Forward {
            came_from.update_value(|map| {
                map.insert(target.clone(), current.clone());
            });
        }
        let _ = element.focus();
    }

    /// Starts a possible drag with the mouse's main button. Touch and pens
    /// scroll the canvas natively.
    #[cfg(feature = "hydrate")]
    pub(super) fn start_drag(event: &PointerEvent, drag: StoredValue<Option<Drag>>) {
        use wasm_bindgen::JsCast;

        if event.pointer_type() != "mouse" || event.button() != 0 {
            return;
        }
        let Some(canvas) = event
            .current_target()
            .and_then(|target| target.dyn_into::<leptos::web_sys::Element>().ok())
        else {
            return;
        };
        drag.set_value(Some(Drag {
            pointer: event.pointer_id(),
            x: event.client_x(),
            y: event.client_y(),
            left: canvas.scroll_left(),
            top: canvas.scroll_top(),
            moved: false,
        }));
    }

    /// Scrolls the canvas with the pointer while dragging.
    #[cfg(feature = "hydrate")]
    pub(super) fn drag_to(
        event: &PointerEvent,
        canvas: NodeRef<html::Div>,
        drag: StoredValue<Option<Drag>>,
    ) {
        let (Some(mut state), Some(canvas)) = (drag.get_value(), canvas.get()) else {
            return;
        };
        if state.pointer != event.pointer_id() {
            return;
        }
        let dx = event.client_x() - state.x;
        let dy = event.client_y() - state.y;
        if !state.moved {
            if dx.abs() < DRAG_THRESHOLD && dy.abs() < DRAG_THRESHOLD {
                return;
            }
            // Capture only now, so that a plain click still reaches (and
            // focuses) the node under the pointer.
            state.moved = true;
            let _ = canvas.set_pointer_capture(state.pointer);
            let _ = canvas.class_list().add_1("flowchart__canvas--dragging");
            drag.set_value(Some(state));
        }
        canvas.set_scroll_left(state.left - dx);
        canvas.set_scroll_top(state.top - dy);
    }

    /// Ends a drag.
    #[cfg(feature = "hydrate")]
    pub(super) fn end_drag(
        event: &PointerEvent,
        canvas: NodeRef<html::Div>,
        drag: StoredValue<Option<Drag>>,
    ) {
        if let Some(state) = drag.get_value().filter(|s| s.pointer == event.pointer_id()) {
            drag.set_value(None);
            if let Some(canvas) = canvas.get() {
                let _ = canvas.class_list().remove_1("flowchart__canvas--dragging");
                if state.moved {
                    let _ = canvas.release_pointer_capture(state.pointer);
                }
            }
        }
    }

    /// See the browser version.
    #[cfg(not(feature = "hydrate"))]
    pub(super) fn apply_zoom(_: &leptos::web_sys::HtmlDivElement, _: f64) {}

    /// See the browser version.
    #[cfg(not(feature = "hydrate"))]
    pub(super) fn show_start(_: &leptos::web_sys::HtmlDivElement) {}

    /// See the browser version.
    #[cfg(not(feature = "hydrate"))]
    pub(super) fn move_focus(
        _: &KeyboardEvent,
        _: NodeRef<html::Div>,
        _: StoredValue<HashMap<String, String>>,
    ) {
    }

    /// See the browser version.
    #[cfg(not(feature = "hydrate"))]
    pub(super) fn start_drag(_: &PointerEvent, _: StoredValue<Option<Drag>>) {}

    /// See the browser version.
    #[cfg(not(feature = "hydrate"))]
    pub(super) fn drag_to(_: &PointerEvent, _: NodeRef<html::Div>, _: StoredValue<Option<Drag>>) {}

    /// See the browser version.
    #[cfg(not(feature = "hydrate"))]
    pub(super) fn end_drag(_: &PointerEvent, _: NodeRef<html::Div>, _: StoredValue<Option<Drag>>) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A decision `d` with two branches `a` and `b` that meet again in `e`.
    fn nodes() -> Vec<(String, String)> {
        [("s", "d"), ("d", "a b"), ("a", "e"), ("b", "e"), ("e", "")]
            .into_iter()
            .map(|(id, next)| (id.to_owned(), next.to_owned()))
            .collect()
    }

    fn check(key: &str, current: &str, came_from: Option<&str>, expected: Option<&str>) {
        let step = Move::from_key(key).unwrap_or(Move::Forward);
        assert_eq!(
            focus_target(step, current, &nodes(), came_from).as_deref(),
            expected,
            "{key} from {current} (came from {came_from:?})"
        );
    }

    #[test]
    fn forward_goes_to_the_first_next_node() {
        check("ArrowDown", "s", None, Some("d"));
        check("ArrowRight", "d", None, Some("a"));
        check("ArrowDown", "e", None, None);
    }

    #[test]
    fn back_goes_to_a_predecessor_preferring_the_way_in() {
        check("ArrowUp", "d", None, Some("s"));
        check("ArrowLeft", "e", None, Some("a"));
        check("ArrowUp", "e", Some("b"), Some("b"));
        check("ArrowUp", "e", Some("s"), Some("a"));
        check("ArrowUp", "s", None, None);
    }

    #[test]
    fn home_and_end_go_to_the_first_and_last_node() {
        check("Home", "a", None, Some("s"));
        check("End", "a", None, Some("e"));
        check("End", "e", None, None);
    }

    #[test]
    fn other_keys_move_nothing() {
        assert_eq!(Move::from_key("Enter"), None);
        assert_eq!(Move::from_key("Tab"), None);
    }

    #[test]
    fn zoom_stays_within_its_levels() {
        assert_eq!(zoom_percent(ZOOM_ORIGINAL), 100);
        assert_eq!(zoom_in(ZOOM_LEVELS.len() - 1), ZOOM_LEVELS.len() - 1);
        assert_eq!(zoom_out(0), 0);
        assert_eq!(zoom_percent(zoom_in(ZOOM_ORIGINAL)), 125);
    }

    #[test]
    fn an_invalid_chart_lists_its_problems_instead_of_a_drawing() {
        use data::flowchart::{Edge, EdgeKind, Node, NodeKind};

        let node = |id: &str, kind| Node::new(id.to_owned(), id.to_owned(), kind);
        let chart = Flowchart {
            title: None,
            procedure: None,
            nodes: vec![node("N1", NodeKind::Start), node("N2", NodeKind::End)],
            edges: vec![Edge {
                from: "N1".to_owned(),
                to: "N9".to_owned(),
                condition: None,
                kind: EdgeKind::Normal,
            }],
            supervision: None,
            note: None,
        };
        let problems = draw(&chart).err().unwrap_or_default();
        assert!(
            problems.iter().any(|p| p.contains("N9")) && problems.len() >= 2,
            "problems: {problems:?}"
        );
    }
}
