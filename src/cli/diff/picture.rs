//! `statecraft diff -o FILE`: the change drawn, in the format the file's extension names.

use std::path::Path;

use anyhow::{bail, Context as _};
use statecraft_export::{Diagram, DiffPageOptions, DiffView, SvgOptions};

use super::source::Version;

/// What `-o` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Picture {
    /// An SVG picture.
    Svg,
    /// A PNG picture (twice the SVG's size, for sharp text).
    Png,
    /// A self-contained HTML page: the picture beside the list of changes.
    Html,
    /// Markdown for a pull request: the changes in words and a Mermaid flowchart.
    Markdown,
}

impl Picture {
    /// The picture a file's extension asks for.
    pub fn of_path(path: &Path) -> anyhow::Result<Picture> {
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        Ok(match extension.as_str() {
            "svg" => Picture::Svg,
            "png" => Picture::Png,
            "html" | "htm" => Picture::Html,
            "md" | "markdown" => Picture::Markdown,
            _ => bail!(
                "cannot tell what to draw to {}: name a file ending in .svg, .png, .html or .md",
                path.display()
            ),
        })
    }
}

/// Draws the change from `old` to `new` to `path`.
pub fn write(kind: Picture, path: &Path, old: &Version, new: &Version) -> anyhow::Result<()> {
    let document = |side: &str, version: &Version| match (&version.doc, &version.parse_error) {
        (Some(doc), _) => Ok(doc.clone()),
        (None, Some(error)) => bail!("cannot draw the change: the {side} version: {error}"),
        (None, None) => bail!("cannot draw the change: {} does not exist", version.label),
    };
    let old_doc = document("old", old)?;
    let new_doc = document("new", new)?;
    let view = DiffView::new(&old_doc, &new_doc);
    let diagram =
        Diagram::new(view.graph.clone()).with_context(|| format!("laying out {}", new.label))?;
    let title = format!("{} \u{2192} {}", old.label, new.label);
    let options = SvgOptions {
        marks: Some(&view.marks),
        title: Some(&title),
        inline: false,
    };
    let bytes = match kind {
        Picture::Svg => statecraft_export::svg(&diagram, &options).into_bytes(),
        Picture::Png => statecraft_export::png(&diagram, &options, 2.0)?,
        Picture::Html => statecraft_export::diff_html(
            &view,
            &diagram,
            &DiffPageOptions {
                // The page says "old → new" under its title itself.
                title: Some("Workflow change"),
                old_label: &old.label,
                new_label: &new.label,
            },
        )
        .into_bytes(),
        Picture::Markdown => {
            statecraft_export::diff_markdown(&view, &old.label, &new.label).into_bytes()
        }
    };
    crate::fsio::write_atomic(path, &bytes)
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}
