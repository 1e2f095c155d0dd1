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
        let bytes = std::fs::read(path).map_err(|err| SubstitutionsError {
            path: Some(path.to_owned()),
            position: None,
            message: format!("cannot read the substitutions file: {err}"),
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

/// Placeholders that have no value: nothing may be sent until each one gets one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct MissingSubstitutions {
    /// Every placeholder without a value, sorted by position.
    pub missing: Vec<Placeholder>,
}

impl fmt::Display for MissingSubstitutions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
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

/// The definition after substitution.
#[derive(Debug, Clone)]
pub struct Substituted {
    /// The substituted document. Each replaced string is written as a one-line JSON string, so line
    /// numbers match the original (columns after a placeholder may shift).
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

/// Replaces every placeholder with its value. Fails, listing all of them, when any placeholder has
/// no value; the document given is not changed.
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
        return Err(MissingSubstitutions { missing });
    }
    let mut used: Vec<String> = all.iter().map(|p| p.name.clone()).collect();
    used.sort_unstable();
    used.dedup();
    let unused = substitutions
        .names()
        .filter(|n| used.binary_search_by(|u| u.as_str().cmp(n)).is_err())
        .map(str::to_owned)
        .collect();

    let mut edits: Vec<(Span, String)> = Vec::new();
    collect_edits(document.root(), substitutions, &mut edits);
    edits.sort_by_key(|(span, _)| span.start);
    let text = document.text();
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0;
    for (span, replacement) in &edits {
        out.push_str(text.get(cursor..span.start).unwrap_or_default());
        out.push_str(replacement);
        cursor = span.end;
    }
    out.push_str(text.get(cursor..).unwrap_or_default());
    // The edits swap well-formed strings for JSON strings, valid in JSON and YAML alike, so the
    // result parses; should it not, keep the original rather than fail (nothing was replaced).
    let document = Document::from_bytes(out.as_bytes(), document.format())
        .unwrap_or_else(|_| document.clone());
    Ok(Substituted {
        document,
        used,
        unused,
    })
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

fn collect_edits(node: &Node, substitutions: &Substitutions, edits: &mut Vec<(Span, String)>) {
    match &node.value {
        NodeValue::String(s) => push_edit(s, node.span, substitutions, edits),
        NodeValue::Array(items) => {
            for item in items {
                collect_edits(item, substitutions, edits);
            }
        }
        NodeValue::Object(members) => {
            for m in members {
                push_edit(&m.key, m.key_span, substitutions, edits);
                collect_edits(&m.value, substitutions, edits);
            }
        }
        _ => {}
    }
}

fn push_edit(s: &str, span: Span, substitutions: &Substitutions, edits: &mut Vec<(Span, String)>) {
    if names_in(s).is_empty() {
        return;
    }
    let replaced = replace_in(s, substitutions);
    // A JSON string is also a valid YAML double-quoted scalar; neither holds a raw newline.
    if let Ok(quoted) = serde_json::to_string(&replaced) {
        edits.push((span, quoted));
    }
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

    #[test]
    fn text_that_only_looks_like_a_placeholder_is_left_alone() {
        assert_eq!(names_in("${} ${ x } $x ${a b} ${ok}"), ["ok"]);
        let subs = Substitutions::from_pairs([("ok", "1")]);
        assert_eq!(replace_in("${} ${ok}${", &subs), "${} 1${");
    }
}
