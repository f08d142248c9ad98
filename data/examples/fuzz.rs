//! A mutational fuzzer on stable Rust, with a time budget: byte-level
//! mutations (flips, inserts, deletes, truncation, splices, repeated runs)
//! of a committed seed corpus (`data/fuzz/seeds/<target>/`), and for zip
//! files (XLSX, CSV bundles) the same mutations inside one entry, repacked,
//! so the XML readers see them rather than the zip checksum.
//!
//! Targets: `json` (interchange), `sheet` (XLSX, CSV and CSV zips),
//! `dot` (DOT import), `chart` (a flowchart's JSON, validated and laid out).
//! Each input runs under `catch_unwind`; a panic, an input slower than 2 s,
//! or a peak RSS over 512 MB fails the run, and the input is kept under
//! `data/fuzz/found/`. Found inputs become regression tests.
//!
//! ```text
//! cargo run --release -p data --features sheets --example fuzz -- sheet 600
//! ```

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const SLOW: Duration = Duration::from_secs(2);
const MAX_RSS_KB: u64 = 512 * 1024;
const MAX_INPUT: usize = 1024 * 1024;

fn run_target(target: &str, bytes: &[u8]) {
    match target {
        "json" => {
            let _ = data::interchange::parse(bytes);
        }
        "sheet" => {
            let _ = data::sheet::read(bytes, "fuzz.xlsx");
        }
        "dot" => {
            if let Ok(text) = std::str::from_utf8(bytes)
                && let Ok(chart) = data::flowchart::dot::from_dot(text)
            {
                let _ = data::flowchart::layout(&chart, &Default::default());
            }
        }
        "chart" => {
            if let Ok(chart) = serde_json::from_slice::<data::flowchart::Flowchart>(bytes)
                && let Ok(geometry) = data::flowchart::layout(&chart, &Default::default())
            {
                let _ = data::flowchart::render_svg(&geometry, &Default::default());
            }
        }
        other => panic!("unknown target `{other}`"),
    }
}

/// xorshift64*: enough randomness for mutation, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

const INTERESTING: &[&[u8]] = &[
    b"\0",
    b"\xff",
    b"\"",
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b"<",
    b">",
    b"&amp;",
    b"<br/>",
    b"XFD1048576",
    b"A1048576",
    b"999999999999999999999999999",
    b"-1",
    b"1e308",
    b"NaN",
    "二十个工作日".as_bytes(),
    "（".as_bytes(),
    b"->",
    b"\n",
    b"\r\n",
    b"\t",
    b"'",
    b"ref=\"A1:XFD1048576\"",
    b"<c r=\"ZZZ99999999\">",
    b"</row>",
];

fn mutate(rng: &mut Rng, input: &mut Vec<u8>, corpus: &[Vec<u8>]) {
    for _ in 0..1 + rng.below(4) {
        let len = input.len();
        match rng.below(8) {
            0 if len > 0 => {
                let at = rng.below(len);
                input[at] ^= 1 << rng.below(8);
            }
            1 => {
                let at = rng.below(len + 1);
                let token = INTERESTING[rng.below(INTERESTING.len())];
                input.splice(at..at, token.iter().copied());
            }
            2 if len > 0 => {
                let at = rng.below(len);
                let n = 1 + rng.below((len - at).min(64));
                input.drain(at..at + n);
            }
            3 if len > 0 => input.truncate(rng.below(len)),
            4 if !corpus.is_empty() => {
                let other = &corpus[rng.below(corpus.len())];
                if !other.is_empty() {
                    let from = rng.below(other.len());
                    let n = 1 + rng.below((other.len() - from).min(256));
                    let at = rng.below(len + 1);
                    input.splice(at..at, other[from..from + n].iter().copied());
                }
            }
            5 if len > 0 => {
                // A run repeated: the shape of size bombs.
                let at = rng.below(len);
                let n = 1 + rng.below((len - at).min(32));
                let run = input[at..at + n].to_vec();
                for _ in 0..rng.below(64) {
                    input.splice(at..at, run.iter().copied());
                }
            }
            6 if len > 0 => {
                let at = rng.below(len);
                input[at] = b"0123456789"[rng.below(10)];
            }
            _ => {
                let at = rng.below(len + 1);
                input.insert(at, rng.next() as u8);
            }
        }
    }
    input.truncate(MAX_INPUT);
}

/// Mutates one entry of a zip and packs it again; `None` when `bytes` is
/// not a zip.
fn mutate_zip(rng: &mut Rng, bytes: &[u8], corpus: &[Vec<u8>]) -> Option<Vec<u8>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut entries = Vec::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).ok()?;
        let mut content = Vec::new();
        file.by_ref()
            .take(MAX_INPUT as u64)
            .read_to_end(&mut content)
            .ok()?;
        entries.push((file.name().ok()?.into_owned(), content));
    }
    if entries.is_empty() {
        return None;
    }
    let pick = rng.below(entries.len());
    mutate(rng, &mut entries[pick].1, corpus);
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, content) in entries {
        out.start_file(name, options).ok()?;
        out.write_all(&content).ok()?;
    }
    out.finish().ok().map(Cursor::into_inner)
}

fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn keep(dir: &Path, target: &str, why: &str, bytes: &[u8]) -> PathBuf {
    let _ = std::fs::create_dir_all(dir);
    let path = dir.join(format!("{target}-{why}-{}.bin", bytes.len()));
    let _ = std::fs::write(&path, bytes);
    path
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let target = args.get(1).map_or("sheet", String::as_str).to_owned();
    let seconds: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(60);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let found = root.join("found");
    let mut corpus: Vec<Vec<u8>> = std::fs::read_dir(root.join("seeds").join(&target))
        .map(|dir| {
            dir.filter_map(|e| std::fs::read(e.ok()?.path()).ok())
                .collect()
        })
        .unwrap_or_default();
    if corpus.is_empty() {
        eprintln!("no seeds for `{target}`");
        std::process::exit(2);
    }
    std::panic::set_hook(Box::new(|_| {}));
    // A watchdog keeps an input that runs past SLOW while it still runs.
    let current: Arc<Mutex<(Instant, Vec<u8>)>> =
        Arc::new(Mutex::new((Instant::now(), Vec::new())));
    let done = Arc::new(AtomicU64::new(0));
    {
        let (current, done, found, target) =
            (current.clone(), done.clone(), found.clone(), target.clone());
        std::thread::spawn(move || {
            let mut last = u64::MAX;
            loop {
                std::thread::sleep(SLOW);
                let n = done.load(Ordering::Relaxed);
                if n == last
                    && let Ok(guard) = current.lock()
                    && guard.0.elapsed() > SLOW
                {
                    let path = keep(&found, &target, "slow", &guard.1);
                    eprintln!("an input runs over {SLOW:?}: {}", path.display());
                }
                last = n;
            }
        });
    }
    let mut rng = Rng(std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0x9E37_79B9, |d| d.as_nanos() as u64)
        | 1);
    let started = Instant::now();
    let budget = Duration::from_secs(seconds);
    let (mut runs, mut panics, mut slow) = (0u64, 0u64, 0u64);
    let mut slowest = Duration::ZERO;
    while started.elapsed() < budget {
        let seed = &corpus[rng.below(corpus.len())];
        let input = if rng.below(10) < 7 {
            mutate_zip(&mut rng, seed, &corpus).unwrap_or_else(|| {
                let mut input = seed.clone();
                mutate(&mut rng, &mut input, &corpus);
                input
            })
        } else {
            let mut input = seed.clone();
            mutate(&mut rng, &mut input, &corpus);
            input
        };
        if let Ok(mut guard) = current.lock() {
            *guard = (Instant::now(), input.clone());
        }
        let begun = Instant::now();
        let outcome = std::panic::catch_unwind(|| run_target(&target, &input));
        let took = begun.elapsed();
        done.fetch_add(1, Ordering::Relaxed);
        runs += 1;
        slowest = slowest.max(took);
        if outcome.is_err() {
            panics += 1;
            eprintln!(
                "panic: {}",
                keep(&found, &target, "panic", &input).display()
            );
        }
        if took > SLOW {
            slow += 1;
            eprintln!(
                "slow ({took:?}): {}",
                keep(&found, &target, "slow", &input).display()
            );
        }
        // Inputs that still parse as far as the seeds do are kept to mutate
        // further (a little corpus growth).
        if runs % 97 == 0 && corpus.len() < 256 && input.len() < MAX_INPUT / 4 {
            corpus.push(input);
        }
    }
    let rss = peak_rss_kb();
    println!(
        "{target}: {runs} inputs in {:.0} s ({:.0}/s), {panics} panics, {slow} over {SLOW:?}, slowest {:.1} ms, peak RSS {} MB",
        started.elapsed().as_secs_f64(),
        runs as f64 / started.elapsed().as_secs_f64(),
        slowest.as_secs_f64() * 1000.0,
        rss / 1024
    );
    if panics > 0 || slow > 0 || rss > MAX_RSS_KB {
        std::process::exit(1);
    }
}
