//! The bundled workflows offered by File > New from template (and opened on first start).

/// One bundled workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Template {
    /// Its title in the menu.
    pub title: &'static str,
    /// A one-line description.
    pub description: &'static str,
    /// The file name a new document from it suggests.
    pub file_name: &'static str,
    /// The ASL text.
    pub text: &'static str,
}

/// Every bundled template, in menu order; the first is the example opened on first start.
pub const TEMPLATES: &[Template] = &[Template {
    title: "Order processing",
    description: "Validate, charge, ask a person to approve large orders, ship each item",
    file_name: "order-processing.asl.json",
    text: include_str!("../../assets/examples/order-processing.asl.json"),
}];

/// A blank workflow: one Pass state that succeeds, valid as it is.
pub const BLANK: &str = "{\n  \"Comment\": \"A new workflow\",\n  \"StartAt\": \"Start here\",\n  \"States\": {\n    \"Start here\": {\n      \"Type\": \"Pass\",\n      \"End\": true\n    }\n  }\n}\n";

#[cfg(test)]
mod tests {
    use super::*;
    use statecraft_asl::validate::{validate, Severity};
    use statecraft_asl::{Document, Format};

    #[test]
    fn templates_and_the_blank_workflow_are_valid() {
        for text in TEMPLATES.iter().map(|t| t.text).chain([BLANK]) {
            let doc = Document::parse(text, Format::Json).expect("parses");
            let errors: Vec<_> = validate(&doc)
                .into_iter()
                .filter(|d| d.severity == Severity::Error)
                .collect();
            assert!(errors.is_empty(), "{errors:?}");
        }
    }
}
