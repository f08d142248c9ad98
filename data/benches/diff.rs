//! Times the version comparison on a generated list of 20,000 items (copies
//! of the demo items under new ids) against a second version with 1,000
//! changed items: field edits, flowchart edits, discretion edits, additions
//! and removals. Prints a Markdown table: median and spread of `compare`,
//! `apply` and serialising the comparison to JSON, and the target.
//!
//! Run with `cargo bench -p data --bench diff` (`--quick` for 3 runs).

use std::hint::black_box;
use std::time::{Duration, Instant};

use data::diff::{apply, apply_owned, compare};
use data::discretion::Amount;
use data::interchange::parse;
use data::item::{Duration as TimeLimit, TimeUnit};
use data::{Item, ItemId};

const N_ITEMS: usize = 20_000;
const N_CHANGED: usize = 1_000;
const TARGET_MS: f64 = 200.0;

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let runs = if quick { 3 } else { 9 };
    let (from, to, mix) = versions();
    let comparison = compare(&from, &to, &[]);
    let json = serde_json::to_string(&comparison).unwrap_or_default();
    println!(
        "{N_ITEMS} items, {N_CHANGED} changed ({mix}); comparison lists {} items, {:.1} MB of JSON; {runs} runs each",
        comparison.items.len(),
        json.len() as f64 / 1e6
    );
    println!();
    println!("| step | median ms | min ms | max ms | target ms |");
    println!("|---|---:|---:|---:|---:|");
    let compare_times = time(runs, || {
        black_box(compare(black_box(&from), black_box(&to), &[]))
    });
    row("compare", &compare_times, Some(TARGET_MS));
    let apply_times = time(runs, || {
        black_box(apply(black_box(&from), black_box(&comparison)).ok())
    });
    row("apply (copies the older list)", &apply_times, None);
    let owned_times = time_with(
        runs,
        || from.clone(),
        |owned| black_box(apply_owned(owned, black_box(&comparison)).ok()),
    );
    row("apply_owned (moves it)", &owned_times, None);
    let json_times = time(runs, || {
        black_box(serde_json::to_string(black_box(&comparison)).ok())
    });
    row("comparison → JSON", &json_times, None);
    let same_times = time(runs, || {
        black_box(compare(black_box(&from), black_box(&from), &[]))
    });
    row(
        "compare, no changes (a list with itself)",
        &same_times,
        None,
    );
    let median = median_ms(&compare_times);
    println!();
    println!(
        "compare: {median:.1} ms median — {} the {TARGET_MS:.0} ms target",
        if median < TARGET_MS { "within" } else { "OVER" }
    );
    if apply(&from, &comparison).ok().as_deref() != Some(&to[..]) {
        println!("apply did not rebuild the newer list");
    }
}

/// Times `step` on a fresh input from `setup`, which is not timed.
/// The result is dropped after the clock stops: freeing 20,000 items costs
/// as much as copying them and is not part of applying.
fn time_with<T, R>(
    runs: usize,
    mut setup: impl FnMut() -> T,
    mut step: impl FnMut(T) -> R,
) -> Vec<Duration> {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let input = setup();
            let start = Instant::now();
            let result = step(input);
            let elapsed = start.elapsed();
            drop(result);
            elapsed
        })
        .collect();
    times.sort();
    times
}

fn time<R>(runs: usize, mut step: impl FnMut() -> R) -> Vec<Duration> {
    time_with(runs, || (), |()| step())
}

fn median_ms(sorted: &[Duration]) -> f64 {
    sorted
        .get(sorted.len() / 2)
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

fn row(name: &str, sorted: &[Duration], target: Option<f64>) {
    let ms = |d: Option<&Duration>| d.map_or(0.0, |d| d.as_secs_f64() * 1000.0);
    println!(
        "| {name} | {:.1} | {:.1} | {:.1} | {} |",
        median_ms(sorted),
        ms(sorted.first()),
        ms(sorted.last()),
        target.map_or("–".to_owned(), |t| format!("< {t:.0}"))
    );
}

/// The demo items, each copied under new ids until there are `N_ITEMS`.
fn base_list() -> Vec<Item> {
    let demo: Vec<Item> = match parse(include_bytes!("../demo/sample.json")) {
        Ok(parsed) => parsed.lists.into_iter().flat_map(|l| l.items).collect(),
        Err(error) => panic!("demo does not parse: {error}"),
    };
    (0..N_ITEMS)
        .map(|index| {
            let mut item = demo[index % demo.len()].clone();
            item.item_id = match ItemId::new(format!("G-{index:05}")) {
                Ok(id) => id,
                Err(error) => panic!("generated id: {error}"),
            };
            item.item_code = format!("990101-GE-{}-{index:05}-00", item.category.abbr());
            item
        })
        .collect()
}

/// The older list and a newer one with `N_CHANGED` changes, spread evenly:
/// 40% field edits, 20% flowchart edits, 20% discretion edits (or field
/// edits where the item has no chart or standard), 10% additions, 10%
/// removals.
fn versions() -> (Vec<Item>, Vec<Item>, String) {
    let from = base_list();
    let mut to: Vec<Item> = Vec::with_capacity(N_ITEMS);
    let step = N_ITEMS / N_CHANGED;
    let mut counts = [0usize; 5];
    let mut added = Vec::new();
    for (index, item) in from.iter().enumerate() {
        if index % step != 0 {
            to.push(item.clone());
            continue;
        }
        let mut item = item.clone();
        match (index / step) % 10 {
            0..=3 => {
                field_edit(&mut item, index);
                counts[0] += 1;
            }
            4 | 5 => {
                if !flowchart_edit(&mut item) {
                    field_edit(&mut item, index);
                }
                counts[1] += 1;
            }
            6 | 7 => {
                if !discretion_edit(&mut item) {
                    field_edit(&mut item, index);
                }
                counts[2] += 1;
            }
            8 => {
                counts[3] += 1;
                let mut new = item.clone();
                new.item_id = match ItemId::new(format!("N-{index:05}")) {
                    Ok(id) => id,
                    Err(error) => panic!("generated id: {error}"),
                };
                new.name.push_str("（新增）");
                added.push(new);
            }
            _ => {
                counts[4] += 1;
                continue;
            }
        }
        to.push(item);
    }
    // New items go to the end, as a new version usually appends them.
    to.extend(added);
    let mix = format!(
        "{} field edits, {} flowchart, {} discretion, {} added, {} removed",
        counts[0], counts[1], counts[2], counts[3], counts[4]
    );
    (from, to, mix)
}

fn field_edit(item: &mut Item, index: usize) {
    item.name.push_str("（调整）");
    item.time_limit.promised = Some(TimeLimit {
        value: (index % 20) as u32 + 1,
        unit: TimeUnit::WorkingDay,
    });
    item.implementing_body = format!("{}（机构改革后）", item.implementing_body);
}

/// Relabels the second step and drops the last-but-one: a typical merge.
fn flowchart_edit(item: &mut Item) -> bool {
    let Some(chart) = item.flowchart.as_mut() else {
        return false;
    };
    if let Some(node) = chart.nodes.get_mut(1) {
        node.label.push_str("（合并）");
        node.time_limit = Some(TimeLimit {
            value: 3,
            unit: TimeUnit::WorkingDay,
        });
    }
    if chart.nodes.len() > 3 {
        let removed = chart.nodes.remove(chart.nodes.len() - 2).id;
        chart.edges.retain(|e| e.from != removed && e.to != removed);
    }
    true
}

/// Raises the top tier's maximum and rewords a condition.
fn discretion_edit(item: &mut Item) -> bool {
    let Some(standard) = item.discretion.as_mut() else {
        return false;
    };
    if let Some(tier) = standard.tiers.last_mut() {
        if let Some(fine) = tier.fine.as_mut() {
            fine.max = fine
                .max
                .map(|max| Amount::new(max.value() * rust_decimal::Decimal::from(2)));
        }
        tier.conditions.push("经责令改正拒不改正".to_owned());
    }
    true
}
