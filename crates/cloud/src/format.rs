//! Writing an imported definition to a file: pretty JSON (2-space indent), or block-style YAML when
//! the file name ends `.yaml` or `.yml`. The text comes from `statecraft_asl::format`, the same
//! writer `statecraft fmt` uses, so an imported file is already in canonical formatting.

use std::path::Path;

use serde_json::Value;
use statecraft_asl::format::{json_text, yaml_text};
use statecraft_asl::Format;

/// The text to write for a definition at `path`: YAML for `.yaml`/`.yml`, pretty JSON otherwise.
/// Both end with a newline.
pub fn definition_text(definition: &Value, path: &Path) -> String {
    match Format::from_path(path) {
        Some(Format::Yaml) => yaml_text(definition),
        _ => json_text(definition),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use statecraft_asl::Document;

    #[test]
    fn yaml_files_get_yaml_that_reads_back_as_the_same_value() {
        let value = json!({
            "Comment": "Orders: the main flow # not a comment",
            "StartAt": "Check stock",
            "States": {
                "Check stock": {
                    "Type": "Choice",
                    "Choices": [
                        {"Variable": "$.count", "NumericGreaterThan": 0, "Next": "Ship"},
                        {"Not": {"Variable": "$.flag", "BooleanEquals": true}, "Next": "yes"}
                    ],
                    "Default": "null"
                },
                "Ship": {"Type": "Pass", "Result": {"a": [1, 2.5, null, "", "007", []], "b": {}}, "End": true},
                "yes": {"Type": "Succeed", "Output": "{% $states.input %}", "Multi": "line\nbreak"}
            }
        });
        for name in ["x.asl.yaml", "x.asl.yml"] {
            let yaml = definition_text(&value, Path::new(name));
            assert!(
                yaml.starts_with(
                    "Comment: \"Orders: the main flow # not a comment\"\nStartAt: Check stock\n"
                ),
                "{yaml}"
            );
            let back = Document::parse(yaml.clone(), Format::Yaml)
                .unwrap_or_else(|e| panic!("{e}\n{yaml}"))
                .to_value();
            assert_eq!(back, value, "\n{yaml}");
        }
    }

    #[test]
    fn other_files_get_json_with_two_spaces() {
        let value = json!({"StartAt": "A", "States": {}});
        let expected = "{\n  \"StartAt\": \"A\",\n  \"States\": {}\n}\n";
        assert_eq!(definition_text(&value, Path::new("x.asl.json")), expected);
        assert_eq!(definition_text(&value, Path::new("x")), expected);
    }
}
