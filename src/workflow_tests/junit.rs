//! The results as JUnit XML (the `testsuites` / `testsuite` / `testcase` / `failure` / `error`
//! shape that CI systems read): one suite per test file, one case per test.

use statecraft_export::escape_xml;

use super::FileResult;

/// The XML document for these results.
pub fn junit_xml(files: &[FileResult]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let total: usize = files.iter().map(|f| f.results.len().max(1)).sum();
    let failures: usize = files
        .iter()
        .flat_map(|f| &f.results)
        .filter(|r| r.error.is_none() && !r.failures.is_empty())
        .count();
    let errors: usize = files
        .iter()
        .map(|f| {
            usize::from(f.error.is_some()) + f.results.iter().filter(|r| r.error.is_some()).count()
        })
        .sum();
    let seconds: f64 = files
        .iter()
        .flat_map(|f| &f.results)
        .map(|r| r.duration.as_secs_f64())
        .sum();
    out.push_str(&format!(
        "<testsuites name=\"statecraft test\" tests=\"{total}\" failures=\"{failures}\" errors=\"{errors}\" time=\"{}\">\n",
        time(seconds)
    ));
    for file in files {
        let suite = escape_xml(&file.tests_path.display().to_string());
        let cases = file.results.len().max(1);
        let failed = file
            .results
            .iter()
            .filter(|r| r.error.is_none() && !r.failures.is_empty())
            .count();
        let erred = usize::from(file.error.is_some())
            + file.results.iter().filter(|r| r.error.is_some()).count();
        let seconds: f64 = file.results.iter().map(|r| r.duration.as_secs_f64()).sum();
        out.push_str(&format!(
            "  <testsuite name=\"{suite}\" tests=\"{cases}\" failures=\"{failed}\" errors=\"{erred}\" time=\"{}\">\n",
            time(seconds)
        ));
        if let Some(error) = &file.error {
            out.push_str(&format!(
                "    <testcase name=\"(the test file)\" classname=\"{suite}\" time=\"0.000\">\n      <error message=\"{}\">{}</error>\n    </testcase>\n",
                escape_xml(error),
                escape_xml(error)
            ));
        }
        for result in &file.results {
            out.push_str(&format!(
                "    <testcase name=\"{}\" classname=\"{suite}\" time=\"{}\">\n",
                escape_xml(&result.name),
                time(result.duration.as_secs_f64())
            ));
            if let Some(error) = &result.error {
                out.push_str(&format!(
                    "      <error message=\"{}\">{}</error>\n",
                    escape_xml(error),
                    escape_xml(error)
                ));
            } else if let Some((first, _)) = result.failures.first() {
                let body: Vec<String> = result
                    .failures
                    .iter()
                    .map(|(f, at)| format!("{}:{}: {}: {}", at.line, at.column, f.key, f.message))
                    .chain(result.notes.iter().cloned())
                    .collect();
                out.push_str(&format!(
                    "      <failure message=\"{}: {}\" type=\"expectation\">{}</failure>\n",
                    escape_xml(&first.key),
                    escape_xml(&first.message),
                    escape_xml(&body.join("\n"))
                ));
            }
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// Seconds as the schema's time pattern takes them: `0.123`, never negative (an empty sum of
/// floats is -0.0).
fn time(seconds: f64) -> String {
    format!("{:.3}", if seconds > 0.0 { seconds } else { 0.0 })
}
