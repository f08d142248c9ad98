//! Drawing flowcharts for the API and the CLI: SVG from our layout engine
//! or from `layout-rs` (the baseline), PNG rendered on the server with the
//! system's CJK fonts, and the laid-out geometry as JSON.

use std::sync::{Arc, OnceLock};

use data::flowchart::dot::{DotError, render_with_layout_rs};
use data::flowchart::{
    Direction, Flowchart, FlowchartError, LayoutError, LayoutOptions, SvgOptions, layout,
    render_svg,
};
use resvg::{tiny_skia, usvg};

/// Which layout engine draws the chart.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Engine {
    /// Our layered layout (default).
    #[default]
    Sunlit,
    /// `layout-rs` 0.1.3, kept for comparison.
    LayoutRs,
}

/// What to produce.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A standalone SVG document.
    #[default]
    Svg,
    /// A PNG image at twice the SVG's size.
    Png,
    /// The laid-out geometry (nodes, edges, canvas size).
    Json,
}

/// How to draw.
#[derive(Debug, Clone, Default)]
pub struct ChartOptions {
    /// Layout engine.
    pub engine: Engine,
    /// Left to right instead of top to bottom.
    pub left_to_right: bool,
    /// Swimlanes by role.
    pub swimlanes: bool,
}

/// Why a chart could not be drawn.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// The chart is invalid; every problem is listed.
    #[error("the flowchart has {} problem(s):\n{}", .0.len(), .0.iter().map(|e| format!("  - {e}")).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<FlowchartError>),
    /// `layout-rs` could not read the chart.
    #[error(transparent)]
    Dot(#[from] DotError),
    /// Only our engine produces geometry.
    #[error("geometry JSON is only available from the sunlit engine")]
    GeometryNeedsSunlit,
    /// Rasterising failed.
    #[error("cannot render PNG: {0}")]
    Png(String),
    /// Serialising the geometry failed.
    #[error("cannot serialise the geometry: {0}")]
    Json(#[from] serde_json::Error),
    /// `layout-rs` grows about quadratically; it draws small charts only.
    #[error(
        "the layout-rs engine draws charts of at most {MAX_LAYOUT_RS_NODES} steps; this one has {0}: use the default engine"
    )]
    TooLargeForLayoutRs(usize),
    /// The drawing would need more pixels than [`MAX_PNG_PIXELS`] even at
    /// [`MIN_PNG_SCALE`].
    #[error("the chart is too large for a PNG ({0}×{1} points); use the SVG")]
    TooLargeForPng(u32, u32),
}

/// The most steps a chart drawn by `layout-rs` may have.
pub const MAX_LAYOUT_RS_NODES: usize = 60;
/// The most pixels of a PNG (16 MP: 64 MB while drawing).
pub const MAX_PNG_PIXELS: u64 = 16_000_000;
/// PNGs are drawn at twice the SVG's size, or smaller down to this scale
/// to stay under [`MAX_PNG_PIXELS`].
pub const MIN_PNG_SCALE: f32 = 0.5;

fn layout_options(options: &ChartOptions) -> LayoutOptions {
    LayoutOptions {
        direction: if options.left_to_right {
            Direction::LeftToRight
        } else {
            Direction::TopToBottom
        },
        swimlanes: options.swimlanes,
        ..LayoutOptions::default()
    }
}

fn svg(chart: &Flowchart, options: &ChartOptions) -> Result<String, ChartError> {
    match options.engine {
        Engine::Sunlit => {
            let geometry = layout(chart, &layout_options(options))
                .map_err(|LayoutError::Invalid(e)| ChartError::Invalid(e))?;
            Ok(render_svg(&geometry, &SvgOptions::default()))
        }
        Engine::LayoutRs => {
            if chart.nodes.len() > MAX_LAYOUT_RS_NODES {
                return Err(ChartError::TooLargeForLayoutRs(chart.nodes.len()));
            }
            let problems = chart.validate();
            if !problems.is_empty() {
                return Err(ChartError::Invalid(problems));
            }
            Ok(render_with_layout_rs(chart)?)
        }
    }
}

/// The system fonts, loaded once (fonts-noto-cjk provides the Chinese glyphs).
fn fonts() -> Arc<usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut database = usvg::fontdb::Database::new();
            database.load_system_fonts();
            // Generic families resolve to the CJK fonts that `make setup`
            // installs (fonts-noto-cjk), so Chinese never renders as boxes.
            database.set_sans_serif_family("Noto Sans CJK SC");
            database.set_serif_family("Noto Serif CJK SC");
            database.set_monospace_family("Noto Sans Mono CJK SC");
            Arc::new(database)
        })
        .clone()
}

/// Rasterises an SVG document at twice its size, or smaller (not below
/// [`MIN_PNG_SCALE`]) to stay within [`MAX_PNG_PIXELS`].
pub fn png_of_svg(svg: &str) -> Result<Vec<u8>, ChartError> {
    let options = usvg::Options {
        fontdb: fonts(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| ChartError::Png(e.to_string()))?;
    let points = tree.size().to_int_size();
    let area = u64::from(points.width()) * u64::from(points.height());
    // The scale at which the image has MAX_PNG_PIXELS, a little less for
    // the rounding up of the pixel size.
    let fitting = ((MAX_PNG_PIXELS as f64 / area.max(1) as f64).sqrt() * 0.999) as f32;
    let scale = fitting.min(2.0);
    if scale < MIN_PNG_SCALE {
        return Err(ChartError::TooLargeForPng(points.width(), points.height()));
    }
    let size = tree
        .size()
        .to_int_size()
        .scale_by(scale)
        .ok_or_else(|| ChartError::Png("the drawing is empty".to_owned()))?;
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height()).ok_or_else(|| {
        ChartError::Png(format!(
            "cannot allocate {}×{} pixels",
            size.width(),
            size.height()
        ))
    })?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| ChartError::Png(e.to_string()))
}

/// Draws `chart` in `format`.
pub fn render(
    chart: &Flowchart,
    format: Format,
    options: &ChartOptions,
) -> Result<Vec<u8>, ChartError> {
    match format {
        Format::Svg => Ok(svg(chart, options)?.into_bytes()),
        Format::Png => png_of_svg(&svg(chart, options)?),
        Format::Json => {
            if options.engine != Engine::Sunlit {
                return Err(ChartError::GeometryNeedsSunlit);
            }
            let geometry = layout(chart, &layout_options(options))
                .map_err(|LayoutError::Invalid(e)| ChartError::Invalid(e))?;
            Ok(serde_json::to_vec_pretty(&geometry)?)
        }
    }
}

/// The MIME type of `format`.
pub fn content_type(format: Format) -> &'static str {
    match format {
        Format::Svg => "image/svg+xml; charset=utf-8",
        Format::Png => "image/png",
        Format::Json => "application/json",
    }
}

/// Rendered charts kept by content: the same chart drawn the same way is
/// the same bytes, so a published chart (immutable) is drawn once and a
/// draft's chart again only when it changes.
struct RenderCache {
    entries: std::collections::HashMap<[u8; 32], axum::body::Bytes>,
    bytes: usize,
}

/// What the cache may hold before it starts over.
const CACHE_BYTES: usize = 64 * 1024 * 1024;

fn cache() -> &'static std::sync::Mutex<RenderCache> {
    static CACHE: OnceLock<std::sync::Mutex<RenderCache>> = OnceLock::new();
    CACHE.get_or_init(|| {
        std::sync::Mutex::new(RenderCache {
            entries: std::collections::HashMap::new(),
            bytes: 0,
        })
    })
}

/// The cache key of content made of `parts`.
pub(crate) fn content_key(parts: &[&[u8]]) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part.len().to_le_bytes());
        hasher.update(part);
    }
    hasher.finalize().into()
}

/// A rendering kept under `key`.
pub(crate) fn cached(key: &[u8; 32]) -> Option<axum::body::Bytes> {
    cache()
        .lock()
        .ok()
        .and_then(|c| c.entries.get(key).cloned())
}

/// Keeps a rendering under `key` (the cache starts over when full).
pub(crate) fn keep(key: [u8; 32], bytes: axum::body::Bytes) {
    if let Ok(mut cache) = cache().lock() {
        if cache.bytes + bytes.len() > CACHE_BYTES {
            cache.entries.clear();
            cache.bytes = 0;
        }
        cache.bytes += bytes.len();
        if let Some(old) = cache.entries.insert(key, bytes) {
            cache.bytes -= old.len();
        }
    }
}

/// [`render`] on the heavy-work pool ([`crate::heavy`]), answered from the
/// cache when this chart was drawn so before. Errors are not cached.
pub async fn render_cached(
    chart: Flowchart,
    format: Format,
    options: ChartOptions,
) -> Result<Result<axum::body::Bytes, ChartError>, crate::heavy::HeavyError> {
    let key = content_key(&[
        &serde_json::to_vec(&chart).unwrap_or_default(),
        format!("{format:?} {options:?}").as_bytes(),
    ]);
    if let Some(hit) = cached(&key) {
        return Ok(Ok(hit));
    }
    let drawn = crate::heavy::run(move || render(&chart, format, &options)).await?;
    Ok(drawn.map(|bytes| {
        let bytes = axum::body::Bytes::from(bytes);
        keep(key, bytes.clone());
        bytes
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use data::flowchart::{Edge, EdgeKind, Node, NodeKind};

    /// A valid chain of `n` steps.
    fn chain(n: usize) -> Flowchart {
        let nodes: Vec<Node> = (0..n)
            .map(|i| {
                let kind = match i {
                    0 => NodeKind::Start,
                    _ if i == n - 1 => NodeKind::End,
                    _ => NodeKind::Task,
                };
                Node::new(format!("N{i}"), format!("第{i}步"), kind)
            })
            .collect();
        let edges = (1..n)
            .map(|i| Edge {
                from: format!("N{}", i - 1),
                to: format!("N{i}"),
                condition: None,
                kind: EdgeKind::Normal,
            })
            .collect();
        Flowchart {
            title: None,
            procedure: None,
            nodes,
            edges,
            supervision: None,
            note: None,
        }
    }

    #[test]
    fn layout_rs_draws_small_charts_only() {
        let options = ChartOptions {
            engine: Engine::LayoutRs,
            ..ChartOptions::default()
        };
        assert!(render(&chain(MAX_LAYOUT_RS_NODES), Format::Svg, &options).is_ok());
        assert!(matches!(
            render(&chain(MAX_LAYOUT_RS_NODES + 1), Format::Svg, &options),
            Err(ChartError::TooLargeForLayoutRs(61))
        ));
    }

    fn png_size(png: &[u8]) -> (u32, u32) {
        let word = |at: usize| u32::from_be_bytes([png[at], png[at + 1], png[at + 2], png[at + 3]]);
        (word(16), word(20))
    }

    #[test]
    fn pngs_stay_within_the_pixel_budget() {
        let blank = |w: u32, h: u32| {
            format!(
                r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}"><rect width="10" height="10"/></svg>"#
            )
        };
        // Small drawings at twice their size.
        let png = png_of_svg(&blank(300, 200)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(png_size(&png), (600, 400));
        // A large one scaled down to fit.
        let png = png_of_svg(&blank(4000, 3000)).unwrap_or_else(|e| panic!("{e}"));
        let (w, h) = png_size(&png);
        assert!(u64::from(w) * u64::from(h) <= MAX_PNG_PIXELS, "{w}×{h}");
        assert!(w >= 4000, "{w}");
        // One that would not fit even at half size is refused.
        assert!(matches!(
            png_of_svg(&blank(20_000, 20_000)),
            Err(ChartError::TooLargeForPng(20_000, 20_000))
        ));
        // The largest chart allowed draws.
        let largest = render(
            &chain(data::flowchart::validate::MAX_NODES),
            Format::Png,
            &ChartOptions::default(),
        );
        assert!(largest.is_ok(), "{:?}", largest.err());
    }
}
