//! Everything about a publish that happens before any call: local validation, substitutions, the
//! request that will be sent, and what came back.

use std::fmt;

use serde::Serialize;
use statecraft_asl::validate::{validate, Diagnostic, Severity};
use statecraft_asl::{Document, LineCol};

use crate::substitutions::{self, MissingSubstitutions, Substitutions};

/// Standard or Express.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum StateMachineType {
    /// Durable, exactly-once workflows with a full history (the default).
    #[default]
    Standard,
    /// High-volume, short-lived workflows whose history goes to CloudWatch Logs only.
    Express,
}

impl StateMachineType {
    /// The name AWS uses (`STANDARD`, `EXPRESS`).
    pub fn as_aws_str(self) -> &'static str {
        match self {
            StateMachineType::Standard => "STANDARD",
            StateMachineType::Express => "EXPRESS",
        }
    }
}

impl fmt::Display for StateMachineType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_aws_str())
    }
}

/// How much of each execution goes to CloudWatch Logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum LoggingLevel {
    /// No logging (the default).
    #[default]
    Off,
    /// Every event.
    All,
    /// Errors only.
    Error,
    /// Fatal errors only.
    Fatal,
}

/// Everything a create or update sends, apart from the connection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PublishRequest {
    /// The state machine's name (1 to 80 characters).
    pub name: String,
    /// The definition as JSON text, placeholders already substituted.
    pub definition: String,
    /// The IAM role the state machine runs as.
    pub role_arn: String,
    /// Standard or Express; an existing state machine cannot change type.
    #[serde(rename = "type")]
    pub kind: StateMachineType,
    /// Logging level.
    pub logging_level: LoggingLevel,
    /// The CloudWatch Logs log group (ARN ending `:*`) that receives the logs; needed unless the
    /// level is off.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_group_arn: Option<String>,
    /// Whether logs include execution input and output.
    pub include_execution_data: bool,
    /// X-Ray tracing.
    pub tracing: bool,
    /// Publish a version of the state machine with this change.
    pub publish_version: bool,
    /// The description of that version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version_description: Option<String>,
}

impl PublishRequest {
    /// Checks what AWS would refuse without looking at the definition, so the user hears it
    /// before any call: the name's shape, the role ARN, logging without a log group, a version
    /// description without a version.
    pub fn check(&self) -> Result<(), crate::CloudError> {
        let bad = |m: String| Err(crate::CloudError::InvalidRequest(m));
        let name_ok = (1..=80).contains(&self.name.chars().count())
            && self
                .name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !name_ok {
            return bad(format!(
                "`{}` cannot be a state machine name: use 1 to 80 letters, digits, `-` or `_`",
                self.name
            ));
        }
        if !self.role_arn.starts_with("arn:") || !self.role_arn.contains(":role/") {
            return bad(format!(
                "`{}` is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)",
                self.role_arn
            ));
        }
        if self.logging_level != LoggingLevel::Off && self.log_group_arn.is_none() {
            return bad(
                "logging needs a CloudWatch Logs log group: pass --log-group-arn \
                 arn:aws:logs:REGION:ACCOUNT:log-group:NAME:*, or --logging-level off"
                    .into(),
            );
        }
        if self.version_description.is_some() && !self.publish_version {
            return bad("a version description needs --publish-version".into());
        }
        Ok(())
    }
}

/// Whether the state machine was created or updated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PublishAction {
    /// No state machine had that name; one was created.
    Created,
    /// The state machine of that name was updated.
    Updated,
}

/// What a publish did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PublishOutcome {
    /// Created or updated.
    pub action: PublishAction,
    /// The state machine's ARN.
    pub state_machine_arn: String,
    /// The ARN of the version published with it, when one was asked for.
    pub version_arn: Option<String>,
}

/// Why a definition cannot be published, found before any call.
#[derive(Debug, Clone, thiserror::Error)]
pub enum PrepareError {
    /// Local validation found errors (warnings alone do not refuse).
    #[error("the definition has {} error{}; fix them before publishing",
        .0.iter().filter(|d| d.severity == Severity::Error).count(),
        if .0.iter().filter(|d| d.severity == Severity::Error).count() == 1 { "" } else { "s" })]
    Invalid(Vec<Diagnostic>),
    /// Placeholders without a value.
    #[error(transparent)]
    MissingSubstitutions(#[from] MissingSubstitutions),
}

/// A definition ready to send: validated, substituted, serialised.
#[derive(Debug, Clone)]
pub struct PreparedDefinition {
    /// The substituted document (its lines match the original's).
    pub document: Document,
    /// The JSON text to send (pretty, 2-space indent).
    pub definition: String,
    /// Warnings from local validation (errors refuse instead).
    pub warnings: Vec<Diagnostic>,
    /// Substitution names used, sorted.
    pub substituted: Vec<String>,
    /// Substitution names given but not used, sorted.
    pub unused_substitutions: Vec<String>,
}

impl PreparedDefinition {
    /// Line and column of a JSON pointer in the definition, when it names a value there.
    pub fn locate(&self, pointer: &str) -> Option<LineCol> {
        let node = self.document.node_at(pointer)?;
        Some(self.document.line_col(node.span.start))
    }

    /// AWS's messages name places as `at /States/...`; this adds the line:column of each in the
    /// source. Emulators built on the ASL parser (LocalStack, moto) say `line L:C` of the JSON that
    /// was sent instead; that is translated to the source too.
    pub fn locate_in_message(&self, message: &str) -> String {
        let message = self.translate_sent_positions(message);
        let mut out = String::with_capacity(message.len());
        let mut rest = message.as_str();
        while let Some(i) = rest.find("at /") {
            let start = i + 3;
            let len = rest[start..]
                .find(|c: char| c.is_whitespace() || matches!(c, '\'' | '"' | ',' | ')'))
                .unwrap_or(rest.len() - start);
            let pointer = &rest[start..start + len];
            out.push_str(&rest[..start + len]);
            if let Some(pos) = self.locate(pointer) {
                out.push_str(&format!(" (line {}, column {})", pos.line, pos.column));
            }
            rest = &rest[start + len..];
        }
        out.push_str(rest);
        out
    }
}

impl PreparedDefinition {
    fn translate_sent_positions(&self, message: &str) -> String {
        let Some(i) = message.find("line ") else {
            return message.to_owned();
        };
        let digits = |s: &str| s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        let rest = &message[i + 5..];
        let line_len = digits(rest);
        let Some(after_colon) = rest[line_len..].strip_prefix(':') else {
            return message.to_owned();
        };
        let col_len = digits(after_colon);
        let (Ok(line), Ok(column)) = (
            rest[..line_len].parse::<usize>(),
            after_colon[..col_len].parse::<usize>(),
        ) else {
            return message.to_owned();
        };
        let Some(pointer) = self.pointer_at_sent(line, column) else {
            return message.to_owned();
        };
        let Some(pos) = self.locate(&pointer) else {
            return message.to_owned();
        };
        let end = i + 5 + line_len + 1 + col_len;
        format!(
            "{} of the JSON sent (line {}, column {} here){}",
            &message[..end],
            pos.line,
            pos.column,
            &message[end..]
        )
    }

    /// The JSON pointer of the innermost value at a 1-based line and 0-based column of the JSON
    /// text sent (the ASL parser counts columns from 0).
    fn pointer_at_sent(&self, line: usize, column: usize) -> Option<String> {
        let sent = Document::parse(self.definition.clone(), statecraft_asl::Format::Json).ok()?;
        let start = sent.lines().line_start(line)?;
        let offset = sent.text()[start..]
            .char_indices()
            .nth(column)
            .map_or(sent.text().len(), |(i, _)| start + i);
        let mut pointer = String::new();
        let mut node = sent.root();
        'descend: loop {
            match &node.value {
                statecraft_asl::NodeValue::Object(members) => {
                    for m in members {
                        let span = statecraft_asl::Span::new(m.key_span.start, m.value.span.end);
                        if (span.start..span.end).contains(&offset) {
                            pointer = statecraft_asl::tree::pointer_push(&pointer, &m.key);
                            node = &m.value;
                            continue 'descend;
                        }
                    }
                    break;
                }
                statecraft_asl::NodeValue::Array(items) => {
                    for (index, item) in items.iter().enumerate() {
                        if (item.span.start..item.span.end).contains(&offset) {
                            pointer.push_str(&format!("/{index}"));
                            node = item;
                            continue 'descend;
                        }
                    }
                    break;
                }
                _ => break,
            }
        }
        Some(pointer)
    }
}

/// Checks a document the way `statecraft validate` does, fills in `${...}` placeholders and
/// serialises the result. Nothing here touches the network.
///
/// Placeholders are checked first (all missing names listed at once), then the substituted
/// definition is validated, since that is what AWS will see.
pub fn prepare(
    document: &Document,
    substitutions: Option<&Substitutions>,
) -> Result<PreparedDefinition, PrepareError> {
    let empty = Substitutions::default();
    let substituted = substitutions::apply(document, substitutions.unwrap_or(&empty))?;
    let diagnostics = validate(&substituted.document);
    if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        return Err(PrepareError::Invalid(diagnostics));
    }
    let definition = statecraft_asl::format::json_text(&substituted.document.to_value());
    Ok(PreparedDefinition {
        definition: definition.trim_end().to_owned(),
        document: substituted.document,
        warnings: diagnostics,
        substituted: substituted.used,
        unused_substitutions: substituted.unused,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use statecraft_asl::Format;

    fn request() -> PublishRequest {
        PublishRequest {
            name: "orders".into(),
            definition: "{}".into(),
            role_arn: "arn:aws:iam::123456789012:role/run".into(),
            kind: StateMachineType::Standard,
            logging_level: LoggingLevel::Off,
            log_group_arn: None,
            include_execution_data: false,
            tracing: false,
            publish_version: false,
            version_description: None,
        }
    }

    #[test]
    fn requests_aws_would_refuse_are_refused_first() {
        assert!(request().check().is_ok());
        let mut r = request();
        r.name = "has space".into();
        assert!(r
            .check()
            .unwrap_err()
            .to_string()
            .contains("cannot be a state machine name"));
        let mut r = request();
        r.role_arn = "role".into();
        assert!(r.check().is_err());
        let mut r = request();
        r.logging_level = LoggingLevel::All;
        assert!(r
            .check()
            .unwrap_err()
            .to_string()
            .contains("--log-group-arn"));
        let mut r = request();
        r.version_description = Some("v".into());
        assert!(r.check().is_err());
    }

    #[test]
    fn prepare_substitutes_and_serialises() {
        let doc = Document::parse(
            "StartAt: A\nStates:\n  A:\n    Type: Pass\n    Result: ${X}\n    End: true\n",
            Format::Yaml,
        )
        .unwrap();
        let subs = Substitutions::from_pairs([("X", "1")]);
        let prepared = prepare(&doc, Some(&subs)).unwrap();
        assert!(prepared.definition.starts_with("{\n  \"StartAt\": \"A\""));
        assert!(prepared.definition.contains("\"Result\": \"1\""));
        assert_eq!(prepared.substituted, ["X"]);
        assert_eq!(
            prepared.locate_in_message("bad thing at /States/A/Result'"),
            "bad thing at /States/A/Result (line 5, column 13)'"
        );
        // Positions in the JSON sent map back to the YAML source.
        assert_eq!(
            prepared.locate_in_message("ASLParserException line 6:16, at \"1\""),
            "ASLParserException line 6:16 of the JSON sent (line 5, column 13 here), at \"1\""
        );
        assert!(matches!(
            prepare(&doc, None),
            Err(PrepareError::MissingSubstitutions(_))
        ));
    }
}
