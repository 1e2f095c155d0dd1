//! `statecraft render`: a definition as SVG, PNG, Mermaid or a self-contained HTML review page.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use statecraft_asl::Document;
use statecraft_export::{Diagram, HtmlOptions, RunOverlay, SvgOptions};

/// Arguments of `statecraft render`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
The output format comes from the extension of OUT: .svg, .png, .mmd (Mermaid flowchart, also .mermaid) \
or .html (one self-contained review page, no network).

Broken drafts are still rendered: states with problems are marked on the picture.

Exit status: 0 rendered; 1 rendered, but the document has problems (listed on stderr); \
2 bad usage, or a file that cannot be read or parsed (nothing written).")]
pub struct Args {
    /// The definition to render (.asl.json, .json, .asl.yaml, .yaml).
    pub definition: PathBuf,
    /// Where to write the picture or page; the extension picks the format.
    #[arg(short, long, value_name = "OUT")]
    pub output: PathBuf,
    /// A run to colour the states by: the JSON of `statecraft run --format json`, or AWS's
    /// GetExecutionHistory response (SVG, PNG and HTML; HTML adds step-by-step replay).
    #[arg(long, value_name = "FILE")]
    pub history: Option<PathBuf>,
    /// PNG scale, 0.1 to 8 (2 gives sharp pictures on high-density screens).
    #[arg(long, value_name = "N", default_value_t = 1.0)]
    pub scale: f32,
    /// Title of the HTML page and of the picture (default: the definition's file name).
    #[arg(long)]
    pub title: Option<String>,
}

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OutputFormat {
    Svg,
    Png,
    Mermaid,
    Html,
}

fn output_format(path: &Path) -> anyhow::Result<OutputFormat> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    Ok(match ext.as_str() {
        "svg" => OutputFormat::Svg,
        "png" => OutputFormat::Png,
        "mmd" | "mermaid" => OutputFormat::Mermaid,
        "html" | "htm" => OutputFormat::Html,
        _ => bail!(
            "{}: cannot tell the format from the extension; use .svg, .png, .mmd or .html",
            path.display()
        ),
    })
}

/// Runs `statecraft render`.
pub fn execute(args: Args) -> anyhow::Result<super::Outcome> {
    let format = output_format(&args.output)?;
    if !(0.1..=8.0).contains(&args.scale) {
        bail!(
            "--scale {} is out of range; use a number from 0.1 to 8",
            args.scale
        );
    }
    let doc = Document::load(&args.definition)?;
    let diagram = Diagram::from_document(&doc)
        .with_context(|| format!("{}: cannot draw the diagram", args.definition.display()))?;
    let overlay = match &args.history {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("{}: cannot read the history", path.display()))?;
            Some(
                RunOverlay::from_json(&diagram.graph, &text)
                    .with_context(|| format!("{}", path.display()))?,
            )
        }
        None => None,
    };
    let default_title = args
        .definition
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let title = args.title.as_deref().unwrap_or(&default_title);
    let svg_options = SvgOptions {
        overlay: overlay.as_ref(),
        title: Some(title),
        inline: false,
    };
    let bytes = match format {
        OutputFormat::Svg => statecraft_export::svg(&diagram, &svg_options).into_bytes(),
        OutputFormat::Png => statecraft_export::png(&diagram, &svg_options, args.scale)?,
        OutputFormat::Mermaid => statecraft_export::mermaid(&diagram.graph).into_bytes(),
        OutputFormat::Html => statecraft_export::html(
            &diagram,
            &HtmlOptions {
                title: Some(title),
                overlay: overlay.as_ref(),
            },
        )
        .into_bytes(),
    };
    std::fs::write(&args.output, bytes)
        .with_context(|| format!("{}: cannot write the file", args.output.display()))?;
    if !diagram.graph.has_problems() {
        return Ok(super::Outcome::Success);
    }
    let file = args.definition.display();
    for problem in &diagram.graph.problems {
        eprintln!("{file}: {problem}");
    }
    // Missing-state markers repeat what the states that name them say.
    for node in diagram.graph.states() {
        let at = doc.line_col(node.name_span.start);
        for problem in &node.problems {
            eprintln!(
                "{file}:{at}: state \u{201c}{}\u{201d}: {problem}",
                node.name
            );
        }
    }
    eprintln!(
        "{}: rendered, with the problems above marked on the picture",
        args.output.display()
    );
    Ok(super::Outcome::Failure)
}
