//! `${Name}` placeholders and the values that replace them when publishing, in the style of
//! CloudFormation's and SAM's `DefinitionSubstitutions`: a mapping of name → value kept beside the
//! definition, applied to the text sent to AWS and never written back into the document.
//!
//! Placeholders are replaced inside string values and object keys. A value may be a string, a
//! number or a boolean; it is inserted as text (so `"${Timeout}"` becomes the string `"30"`, as
//! CloudFormation would make it).

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use statecraft_asl::tree::pointer_push;
use statecraft_asl::{Document, Format, LineCol, Node, NodeValue, Span};

/// Values for `${Name}` placeholders, sorted by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Substitutions {
    values: BTreeMap<String, String>,
}

/// Why a substitutions file could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{}{message}", path.as_ref().map(|p| format!("{}:", p.display())).unwrap_or_default(),
        position.map(|p| format!("{p}: ")).unwrap_or_else(|| if path.is_some() { " ".into() } else { String::new() }))]
pub struct SubstitutionsError {
    /// The file, when the values came from one.
    pub path: Option<PathBuf>,
    /// Where in the file, when the problem is inside it.
    pub position: Option<LineCol>,
    /// What is wrong and what to do.
    pub message: String,
}

impl Substitutions {
    /// Values from name → value pairs.
    pub fn from_pairs<K: Into<String>, V: Into<String>>(
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        Self {
            values: pairs
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        }
    }

    /// Reads a JSON or YAML file holding one mapping of name → value; the format comes from the
    /// file name (`.yaml`/`.yml` is YAML), or from its first character.
    pub fn load(path: &Path) -> Result<Self, SubstitutionsError> {
        let bytes = statecraft_asl::document::read_source(path).map_err(|err| match err {
            statecraft_asl::LoadError::Io { source, .. } => SubstitutionsError {
                path: Some(path.to_owned()),
                position: None,
                message: format!("cannot read the substitutions file: {source}"),
            },
            statecraft_asl::LoadError::Parse { error, .. } => SubstitutionsError {
                path: Some(path.to_owned()),
                position: Some(error.position),
                message: error.message,
            },
        })?;
        let format = Format::from_path(path)
            .unwrap_or_else(|| Format::sniff(&String::from_utf8_lossy(&bytes)));
        let document = Document::from_bytes(&bytes, format).map_err(|err| SubstitutionsError {
            path: Some(path.to_owned()),
            position: Some(err.position),
            message: err.message,
        })?;
        Self::from_document(&document).map_err(|mut err| {
            err.path = Some(path.to_owned());
            err
        })
    }

    /// Parses the text of a substitutions file in the given format.
    pub fn parse(text: &str, format: Format) -> Result<Self, SubstitutionsError> {
        let document = Document::parse(text, format).map_err(|err| SubstitutionsError {
            path: None,
            position: Some(err.position),
            message: err.message,
        })?;
        Self::from_document(&document)
    }

    fn from_document(document: &Document) -> Result<Self, SubstitutionsError> {
        let at = |offset: usize, message: String| SubstitutionsError {
            path: None,
            position: Some(document.line_col(offset)),
            message,
        };
        let Some(members) = document.root().as_object() else {
            return Err(at(
                document.root().span.start,
                format!(
                    "expected a mapping of placeholder name to value, found {}",
                    document.root().type_name()
                ),
            ));
        };
        let mut values = BTreeMap::new();
        for member in members {
            let text = match &member.value.value {
                NodeValue::String(s) => s.clone(),
                NodeValue::Number(n) => n.to_string(),
                NodeValue::Bool(b) => b.to_string(),
                _ => {
                    return Err(at(
                        member.value.span.start,
                        format!(
                            "the value of `{}` is {}; a substitution must be a string, a number or a boolean",
                            member.key,
                            member.value.type_name()
                        ),
                    ))
                }
            };
            if values.insert(member.key.clone(), text).is_some() {
                return Err(at(
                    member.key_span.start,
                    format!("`{}` is given twice; keep one value", member.key),
                ));
            }
        }
        Ok(Self { values })
    }

    /// The value for a name.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }

    /// The names that have a value, sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.values.keys().map(String::as_str)
    }

    /// How many names have a value.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// True when no name has a value.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

/// One `${Name}` in a definition.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Placeholder {
    /// Where the placeholder is in the definition's source.
    pub position: LineCol,
    /// The name between `${` and `}`.
    pub name: String,
    /// JSON pointer to the string (or, for a key, the member) that holds it.
    pub pointer: String,
}

/// Why placeholders could not be filled in: some have no value, or a value breaks the definition
/// where it is placed. Nothing may be sent until that is fixed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct MissingSubstitutions {
    /// Every placeholder without a value, sorted by position (empty when `broken` says why).
    pub missing: Vec<Placeholder>,
    /// Set when every placeholder has a value but the substituted definition does not read back
    /// as the one the values describe (`missing` is then empty).
    pub broken: Option<BrokenSubstitution>,
}

impl fmt::Display for MissingSubstitutions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(broken) = &self.broken {
            return write!(f, "{broken}");
        }
        let mut names: Vec<&str> = self.missing.iter().map(|p| p.name.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        write!(
            f,
            "{} placeholder{} without a value ({}); give each a value in the substitutions file (--substitutions FILE)",
            self.missing.len(),
            if self.missing.len() == 1 { "" } else { "s" },
            names.join(", ")
        )?;
        for p in &self.missing {
            write!(f, "\n  {}: ${{{}}} at {}", p.position, p.name, p.pointer)?;
        }
        Ok(())
    }
}

/// A substituted value that breaks the definition: the text with the values in place no longer
/// parses, or parses into something other than the original with the values in its strings.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct BrokenSubstitution {
    /// The placeholders of the string (value or key) whose replacement broke the definition, or
    /// that lies just before the point where it stops parsing; sorted by position, never empty.
    pub placeholders: Vec<Placeholder>,
    /// Where the substituted text stops parsing, as a position in that text (whose lines match
    /// the definition's); `None` when it parses but reads back differently.
    pub parse_position: Option<LineCol>,
    /// What went wrong: the parser's message, or what reads back differently.
    pub reason: String,
}

impl fmt::Display for BrokenSubstitution {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut names: Vec<String> = self
            .placeholders
            .iter()
            .map(|p| format!("${{{}}}", p.name))
            .collect();
        names.dedup();
        let names = names.join(" or ");
        let (position, pointer) = self
            .placeholders
            .first()
            .map(|p| (p.position.to_string(), p.pointer.as_str()))
            .unwrap_or_default();
        write!(
            f,
            "{position}: substituting {names} (at {pointer}) breaks the definition: {}",
            self.reason
        )?;
        if let Some(at) = self.parse_position {
            write!(f, " (at {at} of the substituted text)")?;
        }
        write!(
            f,
            "; the value substituted for {names} must be valid where it is placed: change or shorten it in the substitutions file, or write the string that holds the placeholder in double quotes in the definition"
        )
    }
}

/// The definition after substitution.
#[derive(Debug, Clone)]
pub struct Substituted {
    /// The substituted document. Each replaced string is written as a one-line JSON string (valid
    /// JSON and a valid YAML double-quoted scalar, escapes included) followed by as many line
    /// breaks as the string spanned, so line numbers match the original (columns after a
    /// placeholder may shift).
    pub document: Document,
    /// Names that were used, sorted.
    pub used: Vec<String>,
    /// Names that have a value but appear nowhere in the definition, sorted.
    pub unused: Vec<String>,
}

/// Every `${Name}` placeholder in a document's string values and keys, sorted by position.
pub fn placeholders(document: &Document) -> Vec<Placeholder> {
    let mut found = Vec::new();
    collect(document, document.root(), "", &mut found);
    found.sort();
    found
}

/// Replaces every placeholder with its value; the document given is not changed.
///
/// Fails, listing all of them, when any placeholder has no value. Fails too, naming the
/// placeholder and the position, when the substituted text does not read back as the original
/// with the values in its strings (it never falls back to the unsubstituted definition).
pub fn apply(
    document: &Document,
    substitutions: &Substitutions,
) -> Result<Substituted, MissingSubstitutions> {
    let all = placeholders(document);
    let missing: Vec<Placeholder> = all
        .iter()
        .filter(|p| substitutions.get(&p.name).is_none())
        .cloned()
        .collect();
    if !missing.is_empty() {
        return Err(MissingSubstitutions {
            missing,
            broken: None,
        });
    }
    let mut used: Vec<String> = all.iter().map(|p| p.name.clone()).collect();
    used.sort_unstable();
    used.dedup();
    let unused = substitutions
        .names()
        .filter(|n| used.binary_search_by(|u| u.as_str().cmp(n)).is_err())
        .map(str::to_owned)
        .collect();
    if all.is_empty() {
        return Ok(Substituted {
            document: document.clone(),
            used,
            unused,
        });
    }

    let mut edits: Vec<Edit> = Vec::new();
    collect_edits(document, document.root(), "", substitutions, &mut edits);
    edits.sort_by_key(|e| e.start);
    let text = document.text();
    let mut out = String::with_capacity(text.len());
    // Where each edit's replacement lies in `out`.
    let mut placed: Vec<(usize, usize)> = Vec::with_capacity(edits.len());
    let mut cursor = 0;
    for edit in &edits {
        out.push_str(text.get(cursor..edit.start).unwrap_or_default());
        let from = out.len();
        out.push_str(&edit.replacement);
        placed.push((from, out.len()));
        cursor = edit.end;
    }
    out.push_str(text.get(cursor..).unwrap_or_default());

    let broken = |edit: usize, parse_position: Option<LineCol>, reason: String| {
        let (from, to) = (
            document.line_col(edits[edit].start),
            document.line_col(edits[edit].end),
        );
        let mut placeholders: Vec<Placeholder> = all
            .iter()
            .filter(|p| p.position >= from && p.position < to)
            .cloned()
            .collect();
        if placeholders.is_empty() {
            placeholders = all.clone();
        }
        MissingSubstitutions {
            missing: Vec::new(),
            broken: Some(BrokenSubstitution {
                placeholders,
                parse_position,
                reason,
            }),
        }
    };

    let substituted = match Document::from_bytes(out.as_bytes(), document.format()) {
        Ok(substituted) => substituted,
        Err(err) => {
            // Offsets skip a leading byte-order mark; `placed` counts it.
            let offset = err.offset + if out.starts_with('\u{feff}') { 3 } else { 0 };
            // The string the error lies in, else the last one before it: its value is the cause.
            let edit = placed
                .iter()
                .position(|&(from, to)| (from..=to).contains(&offset))
                .or_else(|| placed.iter().rposition(|&(_, to)| to <= offset))
                .unwrap_or(0);
            let mut reason = err.message;
            let written = &edits[edit];
            if document.format() == Format::Yaml
                && written.key
                && written.replacement.trim_end().chars().count() > YAML_KEY_LIMIT
            {
                reason.push_str(&format!(
                    " (YAML allows a key of at most {YAML_KEY_LIMIT} characters; this one has {})",
                    written.replacement.trim_end().chars().count()
                ));
            }
            return Err(broken(edit, Some(err.position), reason));
        }
    };
    if let Some(pointer) = first_difference(document.root(), substituted.root(), substitutions, "")
    {
        let start = document.node_at(&pointer).map_or(0, |node| node.span.start);
        // The string at or inside the node that differs, else the last one before it.
        let edit = edits
            .iter()
            .position(|e| e.pointer == pointer || e.pointer.starts_with(&format!("{pointer}/")))
            .or_else(|| edits.iter().rposition(|e| e.start <= start))
            .unwrap_or(0);
        let shown = if pointer.is_empty() { "/" } else { &pointer };
        return Err(broken(
            edit,
            None,
            format!(
                "the substituted text reads back differently at {shown} (a YAML block scalar, | or >, holding the placeholder is the usual cause)"
            ),
        ));
    }
    Ok(Substituted {
        document: substituted,
        used,
        unused,
    })
}

/// The JSON pointer (in the original) of the first value that `substituted` does not hold as
/// `original` with its placeholders replaced; `None` when it holds every one.
fn first_difference(
    original: &Node,
    substituted: &Node,
    substitutions: &Substitutions,
    pointer: &str,
) -> Option<String> {
    let same = match (&original.value, &substituted.value) {
        (NodeValue::String(a), NodeValue::String(b)) => replace_in(a, substitutions) == *b,
        (NodeValue::Array(xs), NodeValue::Array(ys)) => {
            for (i, (x, y)) in xs.iter().zip(ys).enumerate() {
                if let Some(found) =
                    first_difference(x, y, substitutions, &format!("{pointer}/{i}"))
                {
                    return Some(found);
                }
            }
            xs.len() == ys.len()
        }
        (NodeValue::Object(ms), NodeValue::Object(ns)) => {
            for (m, n) in ms.iter().zip(ns) {
                let child = pointer_push(pointer, &m.key);
                if replace_in(&m.key, substitutions) != n.key {
                    return Some(child);
                }
                if let Some(found) = first_difference(&m.value, &n.value, substitutions, &child) {
                    return Some(found);
                }
            }
            ms.len() == ns.len()
        }
        (a, b) => a == b,
    };
    (!same).then(|| pointer.to_owned())
}

fn collect(document: &Document, node: &Node, pointer: &str, found: &mut Vec<Placeholder>) {
    match &node.value {
        NodeValue::String(s) => {
            push_found(document, s, node.span, pointer, found);
        }
        NodeValue::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                collect(document, item, &format!("{pointer}/{i}"), found);
            }
        }
        NodeValue::Object(members) => {
            for m in members {
                let child = pointer_push(pointer, &m.key);
                push_found(document, &m.key, m.key_span, &child, found);
                collect(document, &m.value, &child, found);
            }
        }
        _ => {}
    }
}

fn push_found(
    document: &Document,
    value: &str,
    span: Span,
    pointer: &str,
    found: &mut Vec<Placeholder>,
) {
    let source = document.slice(span);
    let mut search_from = 0;
    for name in names_in(value) {
        let literal = format!("${{{name}}}");
        // Point at the placeholder itself when the source spells it literally (no escapes).
        let offset = match source.get(search_from..).and_then(|s| s.find(&literal)) {
            Some(i) => {
                search_from += i + literal.len();
                span.start + search_from - literal.len()
            }
            None => span.start,
        };
        found.push(Placeholder {
            position: document.line_col(offset),
            name: name.to_owned(),
            pointer: pointer.to_owned(),
        });
    }
}

/// The longest key YAML reads on one line (an implicit key), quotes and escapes included.
const YAML_KEY_LIMIT: usize = 1024;

/// One replaced string: bytes `start..end` of the source become `replacement`.
struct Edit {
    start: usize,
    end: usize,
    replacement: String,
    /// JSON pointer to the string (or, for a key, the member) replaced.
    pointer: String,
    /// The string is an object key.
    key: bool,
}

fn collect_edits(
    document: &Document,
    node: &Node,
    pointer: &str,
    substitutions: &Substitutions,
    edits: &mut Vec<Edit>,
) {
    match &node.value {
        NodeValue::String(s) => {
            push_edit(document, s, node.span, pointer, false, substitutions, edits)
        }
        NodeValue::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                collect_edits(
                    document,
                    item,
                    &format!("{pointer}/{i}"),
                    substitutions,
                    edits,
                );
            }
        }
        NodeValue::Object(members) => {
            for m in members {
                let child = pointer_push(pointer, &m.key);
                push_edit(
                    document,
                    &m.key,
                    m.key_span,
                    &child,
                    true,
                    substitutions,
                    edits,
                );
                collect_edits(document, &m.value, &child, substitutions, edits);
            }
        }
        _ => {}
    }
}

fn push_edit(
    document: &Document,
    s: &str,
    span: Span,
    pointer: &str,
    key: bool,
    substitutions: &Substitutions,
    edits: &mut Vec<Edit>,
) {
    if names_in(s).is_empty() {
        return;
    }
    let replaced = replace_in(s, substitutions);
    // A JSON string escapes `"`, `\` and control characters (a newline becomes `\n`), so it is a
    // valid JSON string and a valid YAML double-quoted scalar whatever the value holds.
    let Ok(mut replacement) = serde_json::to_string(&replaced) else {
        return;
    };
    let (start, end) = replaced_range(document, span);
    // Keep the line breaks the string spanned (a multi-line YAML scalar) so later lines keep
    // their numbers; blank lines after a value change nothing in JSON or YAML.
    let breaks = document.text()[start..end].matches('\n').count();
    replacement.extend(std::iter::repeat_n('\n', breaks));
    edits.push(Edit {
        start,
        end,
        replacement,
        pointer: pointer.to_owned(),
        key,
    });
}

/// The bytes to replace for a string read from `span`. In YAML the span of a block scalar (`|` or
/// `>`) starts at its first line of content and ends after its last line break: the replacement
/// must take in the header (else the JSON string would be read as the block's content) and leave
/// the line break that ends the block (else the next line would join the string).
fn replaced_range(document: &Document, span: Span) -> (usize, usize) {
    if document.format() != Format::Yaml {
        return (span.start, span.end);
    }
    let text = document.text();
    let slice = document.slice(span);
    let end = span.start + slice.trim_end_matches([' ', '\t', '\r', '\n']).len();
    // The span may also take in the next line's indentation (a sibling key below the block).
    let block_like = slice.trim_end_matches([' ', '\t']).ends_with('\n') || span.end >= text.len();
    let start = if block_like {
        block_header(text, span.start).unwrap_or(span.start)
    } else {
        span.start
    };
    (start, end.max(start))
}

/// The offset of the `|` or `>` indicator of the block scalar whose content starts at `content`:
/// only indentation and blank lines may lie between the two, and the indicator ends its line
/// (save for indentation and chomping indicators and a comment).
fn block_header(text: &str, content: usize) -> Option<usize> {
    let before = text.get(..content)?;
    let header_end = before.trim_end_matches([' ', '\t', '\r', '\n']).len();
    if !before[header_end..].contains('\n') {
        return None;
    }
    let line_start = before[..header_end].rfind('\n').map_or(0, |i| i + 1);
    let line = &before[line_start..header_end];
    // A `|` or `>` inside a comment is not an indicator.
    let comment = line
        .char_indices()
        .find(|&(i, c)| c == '#' && (i == 0 || line[..i].ends_with([' ', '\t'])))
        .map_or(line.len(), |(i, _)| i);
    let header = line[..comment].trim_end_matches([' ', '\t']);
    header.char_indices().find_map(|(i, c)| {
        if !matches!(c, '|' | '>') {
            return None;
        }
        let after_space = header[..i].ends_with([' ', '\t']) || i == 0;
        let rest = header[i + 1..]
            .trim_start_matches(|c: char| c.is_ascii_digit() || c == '+' || c == '-');
        let rest_ok = rest.is_empty()
            || (rest.starts_with([' ', '\t']) && {
                let comment = rest.trim_start();
                comment.is_empty() || comment.starts_with('#')
            });
        (after_space && rest_ok).then_some(line_start + i)
    })
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ':')
}

/// The placeholder names in a string, in order (`${` not followed by a name and `}` is left alone).
fn names_in(s: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = s;
    while let Some(start) = rest.find("${") {
        let after = &rest[start + 2..];
        let len = after
            .find(|c: char| !is_name_char(c))
            .unwrap_or(after.len());
        if len > 0 && after[len..].starts_with('}') {
            names.push(&after[..len]);
            rest = &after[len + 1..];
        } else {
            rest = after;
        }
    }
    names
}

fn replace_in(s: &str, substitutions: &Substitutions) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let len = after
            .find(|c: char| !is_name_char(c))
            .unwrap_or(after.len());
        match substitutions.get(&after[..len]) {
            Some(value) if len > 0 && after[len..].starts_with('}') => {
                out.push_str(value);
                rest = &after[len + 1..];
            }
            _ => {
                out.push_str("${");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEF: &str = r#"{
  "StartAt": "Call",
  "States": {
    "Call": {
      "Type": "Task",
      "Resource": "${FunctionArn}",
      "Parameters": { "Table": "${Env}-orders-${Env}", "${KeyName}": 1 },
      "End": true
    }
  }
}"#;

    fn doc(text: &str, format: Format) -> Document {
        Document::parse(text, format).unwrap()
    }

    #[test]
    fn finds_placeholders_with_positions_in_values_and_keys() {
        let found = placeholders(&doc(DEF, Format::Json));
        let listed: Vec<String> = found
            .iter()
            .map(|p| format!("{} {} {}", p.position, p.name, p.pointer))
            .collect();
        assert_eq!(
            listed,
            [
                "6:20 FunctionArn /States/Call/Resource",
                "7:33 Env /States/Call/Parameters/Table",
                "7:47 Env /States/Call/Parameters/Table",
                "7:57 KeyName /States/Call/Parameters/${KeyName}",
            ]
        );
    }

    #[test]
    fn missing_values_are_all_listed_before_anything_is_replaced() {
        let subs = Substitutions::from_pairs([("Env", "prod")]);
        let err = apply(&doc(DEF, Format::Json), &subs).unwrap_err();
        let names: Vec<&str> = err.missing.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["FunctionArn", "KeyName"]);
        let text = err.to_string();
        assert!(text.contains("FunctionArn, KeyName"), "{text}");
        assert!(text.contains("6:20: ${FunctionArn}"), "{text}");
    }

    #[test]
    fn values_replace_placeholders_and_keep_lines() {
        let subs = Substitutions::from_pairs([
            ("FunctionArn", "arn:aws:lambda:eu-west-1:1:function:f"),
            ("Env", "prod"),
            ("KeyName", "Key\"Quoted"),
            ("Unused", "x"),
        ]);
        let original = doc(DEF, Format::Json);
        let out = apply(&original, &subs).unwrap();
        let value = out.document.to_value();
        assert_eq!(
            value["States"]["Call"]["Resource"],
            "arn:aws:lambda:eu-west-1:1:function:f"
        );
        assert_eq!(
            value["States"]["Call"]["Parameters"]["Table"],
            "prod-orders-prod"
        );
        assert_eq!(value["States"]["Call"]["Parameters"]["Key\"Quoted"], 1);
        assert_eq!(out.used, ["Env", "FunctionArn", "KeyName"]);
        assert_eq!(out.unused, ["Unused"]);
        assert_eq!(
            out.document.lines().line_count(),
            original.lines().line_count()
        );
        // The original document is untouched.
        assert!(original.text().contains("${FunctionArn}"));
    }

    #[test]
    fn yaml_definitions_and_yaml_values_work() {
        let def = "StartAt: A\nStates:\n  A:\n    Type: Pass\n    Result: ${Greeting} world\n    End: true\n";
        let subs =
            Substitutions::parse("Greeting: hello\nCount: 3\nOn: true\n", Format::Yaml).unwrap();
        assert_eq!(subs.get("Count"), Some("3"));
        assert_eq!(subs.get("On"), Some("true"));
        let out = apply(&doc(def, Format::Yaml), &subs).unwrap();
        assert_eq!(
            out.document.to_value()["States"]["A"]["Result"],
            "hello world"
        );
        let found = placeholders(&doc(def, Format::Yaml));
        assert_eq!(
            found[0].position,
            LineCol {
                line: 5,
                column: 13
            }
        );
    }

    #[test]
    fn bad_substitution_files_say_where() {
        let err = Substitutions::parse("{\"A\": [1]}", Format::Json).unwrap_err();
        assert_eq!(err.position, Some(LineCol { line: 1, column: 7 }));
        assert!(err.message.contains("string, a number or a boolean"));
        let err = Substitutions::parse("[1]", Format::Json).unwrap_err();
        assert!(err.message.contains("mapping"));
        let err = Substitutions::parse("{\"A\": 1, \"A\": 2}", Format::Json).unwrap_err();
        assert!(err.message.contains("twice"));
    }

    /// Substitutes `X` with `value` in `text` and checks the result holds the value exactly and
    /// keeps the line count; returns the substituted document's value.
    fn substitute(text: &str, format: Format, value: &str) -> serde_json::Value {
        let original = doc(text, format);
        let subs = Substitutions::from_pairs([("X", value)]);
        let out =
            apply(&original, &subs).unwrap_or_else(|err| panic!("{text:?} with {value:?}: {err}"));
        assert_eq!(
            out.document.lines().line_count(),
            original.lines().line_count(),
            "lines moved: {:?}",
            out.document.text()
        );
        out.document.to_value()
    }

    /// Values that would break JSON or YAML if pasted in raw.
    const HOSTILE: [&str; 7] = [
        "say \"hi\"",
        r"C:\temp\new",
        "two\nlines",
        "tab\there, bell\u{7}, del\u{7f}, nel\u{85}, ls\u{2028}",
        "it's: # not a comment, [x], {y}",
        "\"\nInjected: true\n\"",
        "ünïcödé 🚀",
    ];

    #[test]
    fn values_inside_json_strings_are_json_escaped() {
        let def = "{\n  \"A\": \"pre-${X}-post\",\n  \"${X}\": [\"${X}\"],\n  \"B\": 1\n}";
        for value in HOSTILE {
            let out = substitute(def, Format::Json, value);
            let expected = serde_json::json!({
                "A": format!("pre-{value}-post"),
                value: [value],
                "B": 1,
            });
            assert_eq!(out, expected, "{value:?}");
        }
    }

    #[test]
    fn values_inside_yaml_scalars_of_every_style_are_escaped() {
        let def = "\
A: pre-${X}-post
S: '${X} in single quotes'
D: \"${X} in double quotes\"
M: first ${X}
  continued
${X}: key
L:
  - ${X}
F: {f: '${X}'}
B: 1
";
        for value in HOSTILE {
            let out = substitute(def, Format::Yaml, value);
            let expected = serde_json::json!({
                "A": format!("pre-{value}-post"),
                "S": format!("{value} in single quotes"),
                "D": format!("{value} in double quotes"),
                "M": format!("first {value} continued"),
                value: "key",
                "L": [value],
                "F": {"f": value},
                "B": 1,
            });
            assert_eq!(out, expected, "{value:?}");
        }
    }

    #[test]
    fn yaml_block_scalars_are_replaced_header_and_all() {
        // Each definition holds `A` as a block scalar and `B: 1` after it; the value must not
        // become the block's content nor swallow `B`.
        let cases = [
            ("A: |\n  ${X}\n  more\nB: 1\n", "v\"\nmore\n"),
            ("A: |-\n  ${X}\n\n  more\n\nB: 1\n", "v\"\n\nmore"),
            ("A: >- # folded\n  ${X}\n  more\nB: 1\n", "v\" more"),
            ("A: |2\n   ${X}\nB: 1\n", " v\"\n"),
            ("A: !!str |\n  ${X}\nB: 1\n", "v\"\n"),
            ("A: |\r\n  ${X}\r\n  more\r\nB: 1\r\n", "v\"\nmore\n"),
            ("L:\n  - |\n    ${X}\nB: 1\n", ""),
        ];
        for (def, expected) in cases {
            let out = substitute(def, Format::Yaml, "v\"");
            assert_eq!(out["B"], 1, "{def:?}: {out}");
            if expected.is_empty() {
                assert_eq!(out["L"], serde_json::json!(["v\"\n"]), "{def:?}");
            } else {
                assert_eq!(out["A"], expected, "{def:?}");
            }
        }
        // Nested, with an indented sibling after the block (where state machines hold them).
        assert_eq!(
            substitute("A:\n  C: |\n    ${X}\n  B: 1\n", Format::Yaml, "v"),
            serde_json::json!({"A": {"C": "v\n", "B": 1}})
        );
        assert_eq!(
            substitute("L:\n  - |\n    ${X}\n  - b\n", Format::Yaml, "v"),
            serde_json::json!({"L": ["v\n", "b"]})
        );
        // A `|` in a comment on the line before is no block indicator.
        assert_eq!(
            substitute("A:\n  # choose |\n  ${X}\nB: 1\n", Format::Yaml, "v"),
            serde_json::json!({"A": "v", "B": 1})
        );
        // At the end of the file, and as an explicit key.
        assert_eq!(
            substitute("B: 1\nA: |-\n  ${X}", Format::Yaml, "v"),
            serde_json::json!({"B": 1, "A": "v"})
        );
        assert_eq!(
            substitute("? |-\n  ${X}\n: 1\nB: 1\n", Format::Yaml, "v"),
            serde_json::json!({"v": 1, "B": 1})
        );
    }

    #[test]
    fn a_value_that_breaks_the_definition_is_an_error_naming_it() {
        // A YAML key may not exceed 1024 characters: the substituted text cannot parse.
        let def = "StartAt: A\nStates:\n  A:\n    Type: Pass\n    Result:\n      ${Key}: 1\n    End: true\n";
        let long = "k".repeat(1100);
        let subs = Substitutions::from_pairs([("Key", long.as_str())]);
        let err = apply(&doc(def, Format::Yaml), &subs).unwrap_err();
        assert!(err.missing.is_empty());
        let broken = err.broken.as_ref().expect("a broken substitution");
        assert_eq!(broken.placeholders.len(), 1);
        assert_eq!(broken.placeholders[0].name, "Key");
        assert_eq!(
            broken.placeholders[0].position,
            LineCol { line: 6, column: 7 }
        );
        assert_eq!(broken.parse_position.map(|p| p.line), Some(6));
        assert!(broken.reason.contains("invalid YAML"), "{}", broken.reason);
        assert!(broken.reason.contains("at most 1024"), "{}", broken.reason);
        let text = err.to_string();
        assert!(
            text.starts_with("6:7: substituting ${Key} (at /States/A/Result/${Key}) breaks the definition: invalid YAML"),
            "{text}"
        );
        assert!(text.contains("of the substituted text"), "{text}");
        assert!(
            text.contains("the value substituted for ${Key} must be valid where it is placed"),
            "{text}"
        );
        // A short value in the same place is fine.
        let subs = Substitutions::from_pairs([("Key", "k")]);
        let out = apply(&doc(def, Format::Yaml), &subs).unwrap();
        assert_eq!(out.document.to_value()["States"]["A"]["Result"]["k"], 1);
    }

    #[test]
    fn the_parse_error_is_pinned_on_the_placeholder_nearest_before_it() {
        let def = "A: ${Short}\nP:\n  ${Long}: 1\n  B: 2\n";
        let long = "k".repeat(1100);
        let subs = Substitutions::from_pairs([("Short", "s"), ("Long", long.as_str())]);
        let err = apply(&doc(def, Format::Yaml), &subs).unwrap_err();
        let broken = err.broken.unwrap();
        let names: Vec<&str> = broken
            .placeholders
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        assert_eq!(names, ["Long"]);
        assert_eq!(broken.placeholders[0].position.to_string(), "3:3");
    }

    #[test]
    fn what_reads_back_differently_is_found() {
        let original = doc(r#"{"A": "${X}", "L": ["${X}", 2], "B": 1}"#, Format::Json);
        let subs = Substitutions::from_pairs([("X", "v")]);
        let differs = |text: &str| {
            first_difference(original.root(), doc(text, Format::Json).root(), &subs, "")
        };
        assert_eq!(differs(r#"{"A": "v", "L": ["v", 2], "B": 1}"#), None);
        assert_eq!(
            differs(r#"{"A": "${X}", "L": ["v", 2], "B": 1}"#).as_deref(),
            Some("/A")
        );
        assert_eq!(
            differs(r#"{"A": "v", "L": ["v", 3], "B": 1}"#).as_deref(),
            Some("/L/1")
        );
        assert_eq!(
            differs(r#"{"A": "v", "L": ["v"], "B": 1}"#).as_deref(),
            Some("/L")
        );
        assert_eq!(differs(r#"{"A": "v", "L": ["v", 2]}"#).as_deref(), Some(""));
        assert_eq!(
            differs(r#"{"A": "v", "L": ["v", 2], "C": 1}"#).as_deref(),
            Some("/B")
        );
    }

    #[test]
    fn text_that_only_looks_like_a_placeholder_is_left_alone() {
        assert_eq!(names_in("${} ${ x } $x ${a b} ${ok}"), ["ok"]);
        let subs = Substitutions::from_pairs([("ok", "1")]);
        assert_eq!(replace_in("${} ${ok}${", &subs), "${} 1${");
    }
}
