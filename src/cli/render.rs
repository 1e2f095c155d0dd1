//! `statecraft render`: a definition as SVG, PNG, Mermaid or a self-contained HTML review page.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use statecraft::workflow_tests;
use statecraft_asl::graph::Graph;
use statecraft_asl::validate::{validate, Severity};
use statecraft_asl::Document;
use statecraft_export::{read_history, Diagram, HtmlOptions, RunOverlay, RunView, SvgOptions};

use super::terminal;

/// Arguments of `statecraft render`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
The output format comes from the extension of OUT: .svg, .png, .mmd (Mermaid flowchart, also .mermaid) \
or .html (one self-contained review page, no network).

Broken drafts are still rendered: states with problems (errors and warnings, as the designer marks \
them) are marked on the picture and listed on stderr.

Exit status: 0 rendered (warnings allowed); 1 rendered, but the document has errors AWS would refuse; \
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
    /// Run the workflow's tests (NAME.tests.yaml beside it) and draw what they reached: tested
    /// states and transitions green, the others dashed red (SVG, PNG, Mermaid).
    #[arg(long, conflicts_with = "history")]
    pub coverage: bool,
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
    let mut graph = Graph::from_document(&doc);
    // The same problems on the picture as the designer's canvas and File > Export.
    let diagnostics = validate(&doc);
    graph.mark_diagnostics(&diagnostics);
    let has_errors = diagnostics.iter().any(|d| d.severity == Severity::Error);
    let diagram = Diagram::new(graph)
        .with_context(|| format!("{}: cannot draw the diagram", args.definition.display()))?;
    // A run is drawn at its end as the designer's canvas draws it (RunView), and the page
    // replays its events with the same rule.
    let events = match &args.history {
        Some(path) => {
            let text = crate::fsio::read_text_bounded(path, crate::fsio::MAX_HISTORY_BYTES)?;
            Some(
                read_history(&text)
                    .with_context(|| format!("{}", path.display()))?
                    .events,
            )
        }
        None => None,
    };
    let overlay = events
        .as_deref()
        .map(|events| RunView::of(&diagram.graph, events).at(&diagram.graph, events, events.len()));
    let default_title = args
        .definition
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let title = args.title.as_deref().unwrap_or(&default_title);
    let marks = match args.coverage {
        true => Some(coverage_marks(&args.definition, &diagram.graph, format)?),
        false => overlay.as_ref().map(RunOverlay::marks),
    };
    let svg_options = SvgOptions {
        marks: marks.as_ref(),
        title: Some(title),
        inline: false,
    };
    let bytes = match format {
        OutputFormat::Svg => statecraft_export::svg(&diagram, &svg_options).into_bytes(),
        OutputFormat::Png => statecraft_export::png(&diagram, &svg_options, args.scale)?,
        OutputFormat::Mermaid => {
            statecraft_export::mermaid_marked(&diagram.graph, marks.as_ref()).into_bytes()
        }
        OutputFormat::Html => statecraft_export::html(
            &diagram,
            &HtmlOptions {
                title: Some(title),
                overlay: overlay.as_ref(),
                events: events.as_deref(),
            },
        )
        .into_bytes(),
    };
    crate::fsio::write_atomic(&args.output, &bytes)?;
    if !diagram.graph.has_problems() {
        return Ok(super::Outcome::Success);
    }
    let file = args.definition.display();
    for problem in &diagram.graph.problems {
        eprintln!("{file}: {}", terminal::escaped(problem));
    }
    // Missing-state markers repeat what the states that name them say.
    for node in diagram.graph.states() {
        let at = doc.line_col(node.name_span.start);
        for problem in &node.problems {
            let line = format!(
                "{file}:{at}: state \u{201c}{}\u{201d}: {problem}",
                node.name
            );
            eprintln!("{}", terminal::escaped(&line));
        }
    }
    eprintln!(
        "{}: rendered, with the problems above marked on the picture",
        args.output.display()
    );
    // Warnings are marked and listed; only what AWS would refuse makes the command fail.
    Ok(if has_errors {
        super::Outcome::Failure
    } else {
        super::Outcome::Success
    })
}

/// Runs the tests beside `definition` and returns the marks of what they reached.
fn coverage_marks(
    definition: &Path,
    graph: &Graph,
    format: OutputFormat,
) -> anyhow::Result<statecraft_export::Marks> {
    if format == OutputFormat::Html {
        bail!("--coverage draws SVG, PNG or Mermaid (.svg, .png, .mmd)");
    }
    let Some(tests) = workflow_tests::spec::tests_of(definition) else {
        bail!(
            "{}: --coverage runs the tests beside the definition, and there are none (write NAME.tests.yaml beside it)",
            definition.display()
        );
    };
    let options = workflow_tests::RunOptions {
        filter: None,
        coverage: true,
        keep_histories: false,
    };
    let (result, coverage) = workflow_tests::run_file_covered(&tests, options);
    if let Some(error) = result.error {
        bail!("{error}");
    }
    let failed = result.results.iter().filter(|r| !r.passed()).count();
    if failed > 0 {
        eprintln!(
            "warning: {failed} of the {} tests failed (statecraft test says how); their runs count as they went",
            result.results.len()
        );
    }
    if let Some(report) = &result.coverage {
        eprintln!("coverage: {}", report.summary());
    }
    let (coverage, _) = coverage.context("the tests gave no coverage")?;
    Ok(coverage.marks(graph))
}
