//! Compares our flowchart layout with layout-rs 0.1.3 (validation off) and
//! Graphviz `dot` (when `/usr/bin/dot` exists) on the demo flowcharts and on
//! generated layered charts of 100, 500 and 2,000 nodes. Prints a Markdown
//! table of layout time, edge crossings and drawing area for each engine.
//!
//! Run with `cargo bench -p data --bench layout`. Crossings are counted the
//! same way for all three engines: curves are flattened to polylines and
//! every meeting of two connectors away from their end points counts once.

use std::io::Write as _;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use ::layout::core::format::{ClipHandle, RenderBackend};
use ::layout::core::geometry::Point;
use ::layout::core::style::StyleAttr;
use ::layout::gv::{DotParser, GraphBuilder};
use data::flowchart::geometry::{Geometry, count_crossings};
use data::flowchart::{Edge, EdgeKind, Flowchart, LayoutOptions, Node, NodeKind, layout};

struct Measure {
    time: Duration,
    crossings: usize,
    area: f64,
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let mut cases: Vec<(String, Flowchart)> = demo_charts();
    for size in [40, 100, 500, 2000] {
        cases.push((
            format!("generated-{size}"),
            generated_chart(size, size as u64),
        ));
    }
    let dot_available = std::path::Path::new("/usr/bin/dot").exists();
    let dot_startup = if dot_available {
        run_dot("digraph { a -> b }").map(|(time, _)| time)
    } else {
        None
    };
    println!(
        "| chart | nodes | edges | ours ms | layout-rs ms | dot ms | crossings ours / layout-rs / dot | area ours / layout-rs / dot (kpx²) | area ours ÷ dot |"
    );
    println!("|---|---:|---:|---:|---:|---:|---|---|---:|");
    let mut targets_crossings = true;
    let mut targets_area = true;
    for (name, chart) in &cases {
        let ours = measure_ours(chart);
        let Some(geometry) = layout(chart, &LayoutOptions::default()).ok() else {
            println!("| {name} | layout failed |");
            continue;
        };
        let skip_slow = quick && chart.nodes.len() > 500;
        let theirs = if skip_slow {
            None
        } else {
            measure_layout_rs(chart, &geometry)
        };
        let dot = if dot_available && !skip_slow {
            measure_dot(chart, &geometry)
        } else {
            None
        };
        let ms = |d: Duration| format!("{:.3}", d.as_secs_f64() * 1000.0);
        let opt_ms = |m: &Option<Measure>| m.as_ref().map_or("–".to_owned(), |m| ms(m.time));
        let opt_crossings = |m: &Option<Measure>| {
            m.as_ref()
                .map_or("–".to_owned(), |m| m.crossings.to_string())
        };
        let opt_area = |m: &Option<Measure>| {
            m.as_ref()
                .map_or("–".to_owned(), |m| format!("{:.0}", m.area / 1000.0))
        };
        let ratio = dot
            .as_ref()
            .map_or("–".to_owned(), |d| format!("{:.2}", ours.area / d.area));
        if let Some(d) = &dot
            && name.starts_with("sample")
        {
            targets_crossings &= ours.crossings <= d.crossings;
            targets_area &= ours.area <= 1.2 * d.area;
        }
        println!(
            "| {name} | {} | {} | {} | {} | {} | {} / {} / {} | {:.0} / {} / {} | {ratio} |",
            chart.nodes.len(),
            chart.edges.len(),
            ms(ours.time),
            opt_ms(&theirs),
            opt_ms(&dot),
            ours.crossings,
            opt_crossings(&theirs),
            opt_crossings(&dot),
            ours.area / 1000.0,
            opt_area(&theirs),
            opt_area(&dot),
        );
    }
    if let Some(startup) = dot_startup {
        println!(
            "\n`dot` times include starting the process (a two-node graph takes {:.1} ms).",
            startup.as_secs_f64() * 1000.0
        );
    }
    println!(
        "Demo charts: crossings ≤ dot's: {}; area ≤ 1.2 × dot's: {}.",
        if targets_crossings { "yes" } else { "NO" },
        if targets_area { "yes" } else { "NO" }
    );
}

fn demo_charts() -> Vec<(String, Flowchart)> {
    let files: [(&str, &[u8]); 2] = [
        ("sample", include_bytes!("../demo/sample.json")),
        ("sample_v2", include_bytes!("../demo/sample_v2.json")),
    ];
    let mut charts = Vec::new();
    for (file, bytes) in files {
        let Ok(parsed) = data::interchange::parse(bytes) else {
            eprintln!("{file} does not parse");
            continue;
        };
        for list in parsed.lists {
            for item in list.items {
                if let Some(chart) = item.flowchart {
                    charts.push((format!("{file}-{}", item.item_id), chart));
                }
            }
        }
    }
    charts
}

/// Runs `work` until about 300 ms have passed (at least 3, at most 2,000
/// times) and returns the median time.
fn median_time(mut work: impl FnMut()) -> Duration {
    let mut times = Vec::new();
    let started = Instant::now();
    while times.len() < 3 || (started.elapsed() < Duration::from_millis(300) && times.len() < 2000)
    {
        let begin = Instant::now();
        work();
        times.push(begin.elapsed());
    }
    times.sort();
    times[times.len() / 2]
}

fn measure_ours(chart: &Flowchart) -> Measure {
    let options = LayoutOptions::default();
    let time = median_time(|| {
        let _ = std::hint::black_box(layout(std::hint::black_box(chart), &options));
    });
    let geometry = layout(chart, &options).ok();
    let (crossings, area) = geometry.map_or((0, 0.0), |g: Geometry| {
        let lines: Vec<Vec<[f64; 2]>> = g.edges.iter().map(|e| e.points.clone()).collect();
        (count_crossings(&lines), g.width * g.height)
    });
    Measure {
        time,
        crossings,
        area,
    }
}

fn quote(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The chart as DOT. For `dot`, boxes get our sizes (fixed) and shapes; for
/// layout-rs, which sizes boxes from their text, only labels and shapes it knows.
fn to_dot(chart: &Flowchart, geometry: &Geometry, for_graphviz: bool) -> String {
    let mut dot = String::from("digraph G {\n");
    if for_graphviz {
        dot.push_str("  node [fontname=\"Noto Sans CJK SC\", fontsize=14, fixedsize=true];\n");
        dot.push_str("  edge [fontname=\"Noto Sans CJK SC\", fontsize=12];\n");
    }
    for (index, node) in chart.nodes.iter().enumerate() {
        let label = geometry
            .nodes
            .get(index)
            .map_or(node.label.clone(), |b| b.lines.join("\\n"));
        if for_graphviz {
            let (width, height) = geometry
                .nodes
                .get(index)
                .map_or((1.0, 0.5), |b| (b.width / 72.0, b.height / 72.0));
            let shape = match node.kind {
                NodeKind::Decision => "shape=diamond",
                NodeKind::Task => "shape=box",
                NodeKind::Start | NodeKind::End => "shape=box, style=rounded",
            };
            dot.push_str(&format!(
                "  n{index} [label={}, {shape}, width={width:.3}, height={height:.3}];\n",
                quote(&label)
            ));
        } else {
            let shape = if node.kind == NodeKind::Decision {
                "ellipse"
            } else {
                "box"
            };
            dot.push_str(&format!(
                "  n{index} [label={}, shape={shape}];\n",
                quote(&node.label)
            ));
        }
    }
    let position = |id: &str| chart.nodes.iter().position(|n| n.id == id);
    for edge in &chart.edges {
        let (Some(from), Some(to)) = (position(&edge.from), position(&edge.to)) else {
            continue;
        };
        let label = geometry
            .edges
            .iter()
            .find(|e| e.from == edge.from && e.to == edge.to && e.kind == edge.kind)
            .and_then(|e| e.label.as_ref())
            .map(|l| {
                if for_graphviz {
                    l.lines.join("\\n")
                } else {
                    l.text.clone()
                }
            });
        match label {
            Some(label) => {
                dot.push_str(&format!("  n{from} -> n{to} [label={}];\n", quote(&label)))
            }
            None => dot.push_str(&format!("  n{from} -> n{to};\n")),
        }
    }
    dot.push_str("}\n");
    dot
}

/// Records what layout-rs draws: the bounding box and the connector curves.
#[derive(Default)]
struct Recorder {
    low: Option<(f64, f64)>,
    high: Option<(f64, f64)>,
    curves: Vec<Vec<[f64; 2]>>,
}

impl Recorder {
    fn grow(&mut self, x: f64, y: f64) {
        let low = self.low.get_or_insert((x, y));
        *low = (low.0.min(x), low.1.min(y));
        let high = self.high.get_or_insert((x, y));
        *high = (high.0.max(x), high.1.max(y));
    }
}

impl RenderBackend for Recorder {
    fn draw_rect(
        &mut self,
        xy: Point,
        size: Point,
        _: &StyleAttr,
        _: Option<String>,
        _: Option<ClipHandle>,
    ) {
        self.grow(xy.x, xy.y);
        self.grow(xy.x + size.x, xy.y + size.y);
    }
    fn draw_line(&mut self, start: Point, stop: Point, _: &StyleAttr, _: Option<String>) {
        self.grow(start.x, start.y);
        self.grow(stop.x, stop.y);
    }
    fn draw_circle(&mut self, xy: Point, size: Point, _: &StyleAttr, _: Option<String>) {
        self.grow(xy.x - size.x / 2.0, xy.y - size.y / 2.0);
        self.grow(xy.x + size.x / 2.0, xy.y + size.y / 2.0);
    }
    fn draw_text(&mut self, _: Point, _: &str, _: &StyleAttr) {}
    fn draw_arrow(
        &mut self,
        path: &[(Point, Point)],
        _: bool,
        _: (bool, bool),
        _: &StyleAttr,
        _: Option<String>,
        _: &str,
    ) {
        if path.len() < 2 {
            return;
        }
        // The SVG path is `M p0.0 C p0.1, p1.0, p1.1 S p2.0, p2.1 …`.
        let point = |p: Point| [p.x, p.y];
        let mut controls = vec![
            point(path[0].0),
            point(path[0].1),
            point(path[1].0),
            point(path[1].1),
        ];
        for segment in &path[2..] {
            let length = controls.len();
            let (end, before) = (controls[length - 1], controls[length - 2]);
            controls.push([2.0 * end[0] - before[0], 2.0 * end[1] - before[1]]);
            controls.push(point(segment.0));
            controls.push(point(segment.1));
        }
        for c in &controls {
            self.grow(c[0], c[1]);
        }
        self.curves.push(flatten_beziers(&controls));
    }
    fn create_clip(&mut self, _: Point, _: Point, _: usize) -> ClipHandle {
        0
    }
}

/// Flattens a chain of cubic Bézier segments (1 + 3k control points).
fn flatten_beziers(controls: &[[f64; 2]]) -> Vec<[f64; 2]> {
    let mut line = Vec::new();
    if let Some(first) = controls.first() {
        line.push(*first);
    }
    let mut index = 0;
    while index + 3 < controls.len() {
        let [p0, p1, p2, p3] = [
            controls[index],
            controls[index + 1],
            controls[index + 2],
            controls[index + 3],
        ];
        for step in 1..=12 {
            let t = f64::from(step) / 12.0;
            let u = 1.0 - t;
            let b = [u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t];
            line.push([
                b[0] * p0[0] + b[1] * p1[0] + b[2] * p2[0] + b[3] * p3[0],
                b[0] * p0[1] + b[1] * p1[1] + b[2] * p2[1] + b[3] * p3[1],
            ]);
        }
        index += 3;
    }
    line
}

fn layout_rs_graph(dot: &str) -> Option<::layout::topo::layout::VisualGraph> {
    let mut parser = DotParser::new(dot);
    let graph = parser.process().ok()?;
    let mut builder = GraphBuilder::new();
    builder.visit_graph(&graph);
    let mut visual = builder.get();
    visual.dag.set_validate(false);
    Some(visual)
}

fn measure_layout_rs(chart: &Flowchart, geometry: &Geometry) -> Option<Measure> {
    let dot = to_dot(chart, geometry, false);
    let mut times = Vec::new();
    let started = Instant::now();
    let mut recorder = Recorder::default();
    while times.is_empty() || (started.elapsed() < Duration::from_millis(300) && times.len() < 200)
    {
        let mut visual = layout_rs_graph(&dot)?;
        recorder = Recorder::default();
        let begin = Instant::now();
        visual.do_it(false, false, false, &mut recorder);
        times.push(begin.elapsed());
    }
    times.sort();
    let (low, high) = (recorder.low?, recorder.high?);
    Some(Measure {
        time: times[times.len() / 2],
        crossings: count_crossings(&recorder.curves),
        area: (high.0 - low.0) * (high.1 - low.1),
    })
}

/// Runs `dot -Tplain` on `input`; returns the wall time and the output.
fn run_dot(input: &str) -> Option<(Duration, String)> {
    let begin = Instant::now();
    let mut child = Command::new("/usr/bin/dot")
        .arg("-Tplain")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(input.as_bytes()).ok()?;
    let output = child.wait_with_output().ok()?;
    Some((begin.elapsed(), String::from_utf8(output.stdout).ok()?))
}

fn measure_dot(chart: &Flowchart, geometry: &Geometry) -> Option<Measure> {
    let dot = to_dot(chart, geometry, true);
    let runs = if chart.nodes.len() > 400 { 1 } else { 5 };
    let mut times = Vec::new();
    let mut plain = String::new();
    for _ in 0..runs {
        let (time, output) = run_dot(&dot)?;
        times.push(time);
        plain = output;
    }
    times.sort();
    let mut area = 0.0;
    let mut curves = Vec::new();
    for line in plain.lines() {
        let fields = split_plain(line);
        match fields.first().map(String::as_str) {
            Some("graph") => {
                let number = |i: usize| {
                    fields
                        .get(i)
                        .and_then(|f| f.parse::<f64>().ok())
                        .unwrap_or(0.0)
                };
                area = number(2) * 72.0 * number(3) * 72.0;
            }
            Some("edge") => {
                let count: usize = fields.get(3).and_then(|f| f.parse().ok()).unwrap_or(0);
                let controls: Vec<[f64; 2]> = (0..count)
                    .filter_map(|i| {
                        let x = fields.get(4 + 2 * i)?.parse::<f64>().ok()?;
                        let y = fields.get(5 + 2 * i)?.parse::<f64>().ok()?;
                        Some([x * 72.0, y * 72.0])
                    })
                    .collect();
                curves.push(flatten_beziers(&controls));
            }
            _ => {}
        }
    }
    Some(Measure {
        time: times[times.len() / 2],
        crossings: count_crossings(&curves),
        area,
    })
}

/// Splits a line of `dot -Tplain` output, keeping quoted fields whole.
fn split_plain(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for character in line.chars() {
        match character {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !current.is_empty() {
                    fields.push(std::mem::take(&mut current));
                }
            }
            other => current.push(other),
        }
    }
    if !current.is_empty() {
        fields.push(current);
    }
    fields
}

/// A valid layered chart of about `size` nodes: a main path of tasks and
/// decisions with side outcomes, detours, parallel branches that merge,
/// jumps ahead and loops back. Deterministic for a seed.
fn generated_chart(size: usize, seed: u64) -> Flowchart {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut next = |limit: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % limit as u64) as usize
    };
    let node = |id: String, kind: NodeKind, label: &str| Node::new(id, label.to_owned(), kind);
    let edge = |from: &str, to: &str, kind: EdgeKind, condition: Option<&str>| Edge {
        from: from.to_owned(),
        to: to.to_owned(),
        condition: condition.map(str::to_owned),
        kind,
    };
    let labels = [
        "受理",
        "审查",
        "现场核查",
        "集体讨论决定",
        "送达",
        "材料是否齐全",
        "是否符合条件",
    ];
    let mut nodes = vec![node("S".into(), NodeKind::Start, "申请")];
    let mut edges = Vec::new();
    let mut main: Vec<String> = vec!["S".into()];
    let mut pending_jumps: Vec<(String, usize)> = Vec::new();
    let mut counter = 0;
    while nodes.len() + 2 < size {
        counter += 1;
        let previous = main.last().cloned().unwrap_or_default();
        let previous_is_decision = nodes
            .iter()
            .rev()
            .find(|n| n.id == previous)
            .is_some_and(|n| n.kind == NodeKind::Decision);
        let condition = previous_is_decision.then_some("是");
        match next(6) {
            0 | 1 => {
                let id = format!("D{counter}");
                nodes.push(node(id.clone(), NodeKind::Decision, labels[5 + next(2)]));
                edges.push(edge(&previous, &id, EdgeKind::Normal, condition));
                match next(3) {
                    0 => {
                        let end = format!("X{counter}");
                        nodes.push(node(end.clone(), NodeKind::End, "不予受理"));
                        edges.push(edge(&id, &end, EdgeKind::Terminate, Some("否")));
                    }
                    1 => {
                        let detour = format!("R{counter}");
                        nodes.push(node(detour.clone(), NodeKind::Task, "一次性告知补正"));
                        edges.push(edge(&id, &detour, EdgeKind::Branch, Some("材料不齐")));
                        let back = main[main.len().saturating_sub(1 + next(3))].clone();
                        if back == "S" {
                            edges.push(edge(&detour, &id, EdgeKind::Return, Some("补正后")));
                        } else {
                            edges.push(edge(&detour, &back, EdgeKind::Return, Some("补正后")));
                        }
                    }
                    _ => pending_jumps.push((id.clone(), main.len() + 2 + next(3))),
                }
                main.push(id);
            }
            2 => {
                // Parallel branches that merge again.
                let join = format!("J{counter}");
                let width = 2 + next(3);
                for branch in 0..width {
                    let mut from = previous.clone();
                    for step in 0..1 + next(3) {
                        let id = format!("P{counter}_{branch}_{step}");
                        nodes.push(node(id.clone(), NodeKind::Task, labels[next(5)]));
                        edges.push(edge(
                            &from,
                            &id,
                            if branch == 0 {
                                EdgeKind::Normal
                            } else {
                                EdgeKind::Branch
                            },
                            condition,
                        ));
                        from = id;
                    }
                    edges.push(edge(&from, &join, EdgeKind::Normal, None));
                }
                nodes.push(node(join.clone(), NodeKind::Task, "汇总"));
                main.push(join);
            }
            _ => {
                let id = format!("T{counter}");
                nodes.push(node(id.clone(), NodeKind::Task, labels[next(5)]));
                edges.push(edge(&previous, &id, EdgeKind::Normal, condition));
                main.push(id);
            }
        }
        let position = main.len() - 1;
        let mut remaining = Vec::new();
        for (from, at) in pending_jumps.drain(..) {
            if at <= position {
                edges.push(edge(
                    &from,
                    &main[position],
                    EdgeKind::Branch,
                    Some("简易程序"),
                ));
            } else {
                remaining.push((from, at));
            }
        }
        pending_jumps = remaining;
    }
    let last = main.last().cloned().unwrap_or_default();
    nodes.push(node("E".into(), NodeKind::End, "办结"));
    let last_is_decision = nodes
        .iter()
        .any(|n| n.id == last && n.kind == NodeKind::Decision);
    edges.push(edge(
        &last,
        "E",
        EdgeKind::Normal,
        last_is_decision.then_some("是"),
    ));
    for (from, _) in pending_jumps {
        edges.push(edge(&from, "E", EdgeKind::Branch, Some("简易程序")));
    }
    Flowchart {
        title: Some(format!("generated {size}")),
        procedure: None,
        nodes,
        edges,
        supervision: None,
        note: None,
    }
}
