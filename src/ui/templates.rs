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
    /// Its MockConfigFile (AWS Step Functions Local format): one test case per path worth
    /// running, the happy path and each failure.
    pub mocks: &'static str,
    /// A sample execution input, as JSON text, that every test case of `mocks` runs with.
    pub input: &'static str,
}

impl Template {
    /// The names of the test cases its mock configuration holds, in file order.
    pub fn test_cases(&self) -> Vec<String> {
        let Ok(mocks) = serde_json::from_str::<serde_json::Value>(self.mocks) else {
            return Vec::new();
        };
        mocks
            .get("StateMachines")
            .and_then(serde_json::Value::as_object)
            .into_iter()
            .flat_map(|machines| machines.values())
            .filter_map(|m| m.get("TestCases").and_then(serde_json::Value::as_object))
            .flat_map(|cases| cases.keys().cloned())
            .collect()
    }
}

/// Every bundled template, in menu order; the first is the example opened on first start.
pub const TEMPLATES: &[Template] = &[
    Template {
        title: "Order processing",
        description: "Validate, charge, ask a person to approve large orders, ship each item",
        file_name: "order-processing.asl.json",
        text: include_str!("../../assets/examples/order-processing.asl.json"),
        mocks: include_str!("../../assets/examples/order-processing.mocks.json"),
        input: "{}",
    },
    Template {
        title: "Order saga with compensation",
        description: "Reserve stock and charge in parallel; refund and release the stock when a step fails",
        file_name: "order-saga.asl.json",
        text: include_str!("../../assets/templates/order-saga.asl.json"),
        mocks: include_str!("../../assets/templates/order-saga.mocks.json"),
        input: include_str!("../../assets/templates/order-saga.input.json"),
    },
    Template {
        title: "Human approval",
        description: "Wait for a person's decision with a task token, with a timeout, a heartbeat and a rejection path",
        file_name: "human-approval.asl.json",
        text: include_str!("../../assets/templates/human-approval.asl.json"),
        mocks: include_str!("../../assets/templates/human-approval.mocks.json"),
        input: include_str!("../../assets/templates/human-approval.input.json"),
    },
    Template {
        title: "Nightly ETL (distributed Map)",
        description: "Read a CSV from S3 in batches, clean and load the rows with retries, write the results to S3",
        file_name: "nightly-etl.asl.json",
        text: include_str!("../../assets/templates/nightly-etl.asl.json"),
        mocks: include_str!("../../assets/templates/nightly-etl.mocks.json"),
        input: include_str!("../../assets/templates/nightly-etl.input.json"),
    },
    Template {
        title: "JSONata checkout",
        description: "JSONata expressions, variables (Assign), Arguments and Output: price a cart, discount, charge",
        file_name: "jsonata-checkout.asl.json",
        text: include_str!("../../assets/templates/jsonata-checkout.asl.json"),
        mocks: include_str!("../../assets/templates/jsonata-checkout.mocks.json"),
        input: include_str!("../../assets/templates/jsonata-checkout.input.json"),
    },
    Template {
        title: "Express event ingest",
        description: "High-volume, idempotent webhook ingest for an Express workflow, with a dead-letter queue",
        file_name: "express-ingest.asl.json",
        text: include_str!("../../assets/templates/express-ingest.asl.json"),
        mocks: include_str!("../../assets/templates/express-ingest.mocks.json"),
        input: include_str!("../../assets/templates/express-ingest.input.json"),
    },
];

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

    #[test]
    fn each_template_has_a_mock_configuration_and_an_input() {
        for t in TEMPLATES {
            let mocks: serde_json::Value = serde_json::from_str(t.mocks)
                .unwrap_or_else(|e| panic!("{}: mocks are not JSON: {e}", t.title));
            let config = statecraft_sim::MockConfig::from_value(&mocks)
                .unwrap_or_else(|e| panic!("{}: {e}", t.title));
            assert!(
                config
                    .state_machines
                    .values()
                    .any(|cases| !cases.is_empty()),
                "{}: no test case",
                t.title
            );
            let input: Result<serde_json::Value, _> = serde_json::from_str(t.input);
            assert!(input.is_ok(), "{}: the input is not JSON", t.title);
        }
        let mut names: Vec<&str> = TEMPLATES.iter().map(|t| t.file_name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), TEMPLATES.len(), "file names are unique");
    }

    #[test]
    fn test_cases_are_listed_in_file_order() {
        let saga = TEMPLATES
            .iter()
            .find(|t| t.file_name == "order-saga.asl.json")
            .expect("the saga template");
        let cases = saga.test_cases();
        assert_eq!(cases.first().map(String::as_str), Some("HappyPath"));
        assert!(cases.len() >= 3, "{cases:?}");
        assert!(TEMPLATES.iter().all(|t| !t.test_cases().is_empty()));
    }
}
