//! Renders every flowchart of the demo files to SVG and geometry JSON:
//! `cargo run -p data --example render_demo -- OUT_DIR [--lr] [--lanes]`.

use data::flowchart::{Direction, LayoutOptions, SvgOptions, layout, render_svg};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let output = arguments
        .iter()
        .find(|a| !a.starts_with("--"))
        .cloned()
        .unwrap_or_else(|| "target/flowcharts".to_owned());
    let options = LayoutOptions {
        direction: if arguments.iter().any(|a| a == "--lr") {
            Direction::LeftToRight
        } else {
            Direction::TopToBottom
        },
        swimlanes: arguments.iter().any(|a| a == "--lanes"),
        ..LayoutOptions::default()
    };
    std::fs::create_dir_all(&output)?;
    let files: [(&str, &[u8]); 2] = [
        ("sample", include_bytes!("../demo/sample.json")),
        ("sample_v2", include_bytes!("../demo/sample_v2.json")),
    ];
    for (name, bytes) in files {
        let parsed = data::interchange::parse(bytes)?;
        for list in &parsed.lists {
            for item in &list.items {
                let Some(chart) = &item.flowchart else {
                    continue;
                };
                let geometry = layout(chart, &options)?;
                let stem = format!("{output}/{name}-{}", item.item_id);
                std::fs::write(
                    format!("{stem}.svg"),
                    render_svg(&geometry, &SvgOptions::default()),
                )?;
                std::fs::write(
                    format!("{stem}.json"),
                    serde_json::to_string_pretty(&geometry)?,
                )?;
                println!("{stem}.svg {}×{}", geometry.width, geometry.height);
            }
        }
    }
    Ok(())
}
