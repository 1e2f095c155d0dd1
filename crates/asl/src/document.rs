//! A document is its source text plus the tree read from it. Saving an unedited document writes the
//! same bytes back; edits patch the text (see `edit`) and reparse.

use std::path::{Path, PathBuf};

use crate::parse::{self, ParseError};
use crate::position::{LineCol, LineIndex};
use crate::tree::{Node, Span};

/// The syntax a document is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// JSON (`.asl.json`, `.json`, `.asl`).
    Json,
    /// YAML (`.asl.yaml`, `.asl.yml`, `.yaml`, `.yml`).
    Yaml,
}

impl Format {
    /// The format a file name implies; `None` for an extension that says nothing.
    pub fn from_path(path: &Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "json" | "asl" => Some(Format::Json),
            "yaml" | "yml" => Some(Format::Yaml),
            _ => None,
        }
    }

    /// The format of a text with no telling name: JSON when it starts like JSON, otherwise YAML.
    pub fn sniff(text: &str) -> Format {
        match text
            .trim_start_matches('\u{feff}')
            .trim_start()
            .chars()
            .next()
        {
            Some('{') | Some('[') | None => Format::Json,
            _ => Format::Yaml,
        }
    }
}

/// An ASL document: source text, its format, and the tree with spans.
#[derive(Debug, Clone)]
pub struct Document {
    text: String,
    format: Format,
    root: Node,
    lines: LineIndex,
}

/// Why a file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error("{path}: cannot read the file: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The file was read but is not a well-formed document.
    #[error("{path}:{error}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// What is wrong, and where.
        error: ParseError,
    },
}

impl LoadError {
    /// Where the problem is, when it is inside the file.
    pub fn position(&self) -> Option<LineCol> {
        match self {
            LoadError::Io { .. } => None,
            LoadError::Parse { error, .. } => Some(error.position),
        }
    }
}

impl Document {
    /// Parses `text` in the given format.
    pub fn parse(text: impl Into<String>, format: Format) -> Result<Document, ParseError> {
        let text = text.into();
        if text.len() > parse::MAX_SOURCE_BYTES {
            parse::decode_utf8(text.as_bytes())?;
        }
        let root = match format {
            Format::Json => parse::parse_json(&text)?,
            Format::Yaml => parse::parse_yaml(&text)?,
        };
        let lines = LineIndex::new(&text);
        Ok(Document {
            text,
            format,
            root,
            lines,
        })
    }

    /// Parses raw bytes (UTF-8 checked, a leading byte-order mark dropped from the tree's view).
    pub fn from_bytes(bytes: &[u8], format: Format) -> Result<Document, ParseError> {
        if bytes.starts_with(b"\xEF\xBB\xBF") {
            // Keep the BOM in the text so an unedited save writes identical bytes; both readers
            // skip it as white space is not allowed to hold it, so parse past it and shift spans.
            let text = parse::decode_utf8(bytes)?;
            let mut doc = Document::parse(text.to_owned(), format)?;
            doc.text.insert(0, '\u{feff}');
            shift_spans(&mut doc.root, '\u{feff}'.len_utf8());
            doc.lines = LineIndex::new(&doc.text);
            return Ok(doc);
        }
        let text = parse::decode_utf8(bytes)?;
        Document::parse(text.to_owned(), format)
    }

    /// Reads a file; the format comes from its name, or from its first character.
    pub fn load(path: &Path) -> Result<Document, LoadError> {
        let bytes = read_source(path)?;
        let format = Format::from_path(path)
            .unwrap_or_else(|| Format::sniff(&String::from_utf8_lossy(&bytes)));
        Document::from_bytes(&bytes, format).map_err(|error| LoadError::Parse {
            path: path.to_owned(),
            error,
        })
    }

    /// The source text, exactly as read or as last edited.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The syntax of the source.
    pub fn format(&self) -> Format {
        self.format
    }

    /// The tree read from the source.
    pub fn root(&self) -> &Node {
        &self.root
    }

    /// The definition as a JSON value (key order kept).
    pub fn to_value(&self) -> serde_json::Value {
        self.root.to_value()
    }

    /// Line and column of a byte offset.
    pub fn line_col(&self, offset: usize) -> LineCol {
        self.lines.line_col(&self.text, offset)
    }

    /// The node a JSON pointer names.
    pub fn node_at(&self, pointer: &str) -> Option<&Node> {
        self.root.pointer(pointer)
    }

    /// The source text of a span.
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }

    /// The line index of the source.
    pub fn lines(&self) -> &LineIndex {
        &self.lines
    }
}

/// Reads a source file, refusing one over [`parse::MAX_SOURCE_BYTES`] without reading it whole:
/// a regular file is measured first, and any other source (a pipe, `/dev/zero`, standard input)
/// is read up to one byte past the limit. A file that is too large is a [`LoadError::Parse`] at
/// 1:1, as it would be from [`Document::from_bytes`].
pub fn read_source(path: &Path) -> Result<Vec<u8>, LoadError> {
    use std::io::Read as _;
    let io_error = |source| LoadError::Io {
        path: path.to_owned(),
        source,
    };
    let too_large = |size| LoadError::Parse {
        path: path.to_owned(),
        error: parse::too_large_error(size),
    };
    let cap = parse::MAX_SOURCE_BYTES as u64;
    let file = std::fs::File::open(path).map_err(io_error)?;
    let size = file
        .metadata()
        .ok()
        .filter(std::fs::Metadata::is_file)
        .map(|m| m.len());
    if let Some(size) = size.filter(|&size| size > cap) {
        return Err(too_large(Some(size)));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size.unwrap_or(0)).unwrap_or(0));
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    if bytes.len() as u64 > cap {
        return Err(too_large(None));
    }
    Ok(bytes)
}

fn shift_spans(node: &mut Node, by: usize) {
    node.span.start += by;
    node.span.end += by;
    match &mut node.value {
        crate::tree::NodeValue::Array(items) => items.iter_mut().for_each(|n| shift_spans(n, by)),
        crate::tree::NodeValue::Object(members) => {
            for m in members {
                m.key_span.start += by;
                m.key_span.end += by;
                shift_spans(&mut m.value, by);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_comes_from_the_extension() {
        assert_eq!(
            Format::from_path(Path::new("a.asl.json")),
            Some(Format::Json)
        );
        assert_eq!(
            Format::from_path(Path::new("a.asl.yaml")),
            Some(Format::Yaml)
        );
        assert_eq!(Format::from_path(Path::new("a.YML")), Some(Format::Yaml));
        assert_eq!(Format::from_path(Path::new("a.txt")), None);
        assert_eq!(Format::sniff("  {\"a\":1}"), Format::Json);
        assert_eq!(Format::sniff("StartAt: A"), Format::Yaml);
    }

    #[test]
    fn bom_is_kept_in_text_and_spans_still_match() {
        let bytes = b"\xEF\xBB\xBF{\"StartAt\": \"A\"}";
        let doc = Document::from_bytes(bytes, Format::Json).unwrap();
        assert_eq!(doc.text().as_bytes(), bytes);
        let start_at = doc.node_at("/StartAt").unwrap();
        assert_eq!(doc.slice(start_at.span), "\"A\"");
    }

    #[test]
    fn invalid_utf8_reports_line_and_column() {
        let err = Document::from_bytes(b"{\n  \"a\": \"\xff\"}", Format::Json).unwrap_err();
        assert_eq!(err.position, LineCol { line: 2, column: 9 });
        assert!(err.message.contains("UTF-8"));
    }
}
