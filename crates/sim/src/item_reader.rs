//! Items of a distributed Map's `ItemReader`, from files the caller supplies (the simulator never
//! touches S3 or the disk): `ExecutionOptions::item_sources` maps `s3://bucket/key` to the text of
//! the object. `ReaderConfig.InputType` says how to read it: `JSON` (an array), `JSONL` (one value
//! per line), `CSV` (rows as objects keyed by the header, or by `CSVHeaders`). `MaxItems` limits
//! the items read.

use serde_json::{Map, Value};

/// Why the items could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ReaderError(pub String);

/// The `s3://bucket/key` an ItemReader's parameters name.
pub fn source_of(parameters: &Value) -> Option<String> {
    let bucket = parameters.get("Bucket")?.as_str()?;
    let key = parameters.get("Key")?.as_str()?;
    Some(format!("s3://{bucket}/{key}"))
}

/// Reads items from an object's text, as `ReaderConfig` says.
pub fn read_items(
    text: &str,
    config: Option<&Map<String, Value>>,
) -> Result<Vec<Value>, ReaderError> {
    let input_type = config
        .and_then(|c| c.get("InputType"))
        .and_then(Value::as_str)
        .unwrap_or("JSON");
    let mut items = match input_type {
        "JSON" => match serde_json::from_str::<Value>(text) {
            Ok(Value::Array(items)) => items,
            Ok(other) => {
                return Err(ReaderError(format!(
                    "The JSON object must be an array, but it is {}",
                    statecraft_asl::words::kind_of(&other)
                )))
            }
            Err(err) => {
                return Err(ReaderError(format!(
                    "The JSON object is not valid JSON: {err}"
                )))
            }
        },
        "JSONL" => text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .enumerate()
            .map(|(i, line)| {
                serde_json::from_str(line)
                    .map_err(|err| ReaderError(format!("Line {} is not valid JSON: {err}", i + 1)))
            })
            .collect::<Result<Vec<_>, _>>()?,
        "CSV" => read_csv(text, config)?,
        other => {
            return Err(ReaderError(format!(
                "InputType {other} is not supported by the simulator"
            )))
        }
    };
    if let Some(max) = config
        .and_then(|c| c.get("MaxItems"))
        .and_then(Value::as_u64)
    {
        items.truncate(usize::try_from(max).unwrap_or(usize::MAX));
    }
    Ok(items)
}

fn read_csv(text: &str, config: Option<&Map<String, Value>>) -> Result<Vec<Value>, ReaderError> {
    let mut rows = text.lines().filter(|l| !l.is_empty()).map(split_csv_line);
    let given = config
        .and_then(|c| c.get("CSVHeaders"))
        .and_then(Value::as_array)
        .map(|h| {
            h.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect::<Vec<_>>()
        });
    let location = config
        .and_then(|c| c.get("CSVHeaderLocation"))
        .and_then(Value::as_str)
        .unwrap_or("FIRST_ROW");
    let headers = match (location, given) {
        ("GIVEN", Some(headers)) => headers,
        ("GIVEN", None) => {
            return Err(ReaderError(
                "CSVHeaderLocation GIVEN needs CSVHeaders".into(),
            ))
        }
        _ => rows
            .next()
            .ok_or_else(|| ReaderError("The CSV file is empty".into()))?,
    };
    Ok(rows
        .map(|row| {
            let mut item = Map::new();
            for (i, header) in headers.iter().enumerate() {
                item.insert(
                    header.clone(),
                    Value::String(row.get(i).cloned().unwrap_or_default()),
                );
            }
            Value::Object(item)
        })
        .collect())
}

/// Splits one CSV line; double quotes group a field, `""` inside them is a quote.
fn split_csv_line(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.trim_end_matches('\r').chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(std::mem::take(&mut field)),
            (c, _) => field.push(c),
        }
    }
    fields.push(field);
    fields
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn csv_rows_become_objects() {
        let items = read_items(
            "id,name\n1,\"Ada, L\"\n2,Bob\n",
            Some(&json!({"InputType": "CSV"}).as_object().unwrap().clone()),
        )
        .unwrap();
        assert_eq!(
            items,
            vec![
                json!({"id": "1", "name": "Ada, L"}),
                json!({"id": "2", "name": "Bob"})
            ]
        );
    }

    #[test]
    fn json_and_jsonl_with_max_items() {
        let config = json!({"InputType": "JSONL", "MaxItems": 1});
        assert_eq!(
            read_items("{\"a\":1}\n{\"a\":2}\n", config.as_object()).unwrap(),
            vec![json!({"a": 1})]
        );
        assert_eq!(read_items("[1,2]", None).unwrap(), vec![json!(1), json!(2)]);
        assert!(read_items("{}", None).is_err());
        assert_eq!(
            source_of(&json!({"Bucket": "b", "Key": "k.csv"})).as_deref(),
            Some("s3://b/k.csv")
        );
    }
}
