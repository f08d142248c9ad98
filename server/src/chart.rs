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
}

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

/// Rasterises an SVG document at twice its size.
pub fn png_of_svg(svg: &str) -> Result<Vec<u8>, ChartError> {
    let options = usvg::Options {
        fontdb: fonts(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| ChartError::Png(e.to_string()))?;
    let scale = 2.0;
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
