//! Execution histories read from files the way people have them, normalised to the event shape of
//! AWS's `GetExecutionHistory` so that a run can be replayed on the canvas (File > Open run…).
//!
//! Accepted files:
//! - `statecraft run --format json`: `{"status", "output", "error", "cause", "events": [...]}`, and a
//!   recorded conformance case holding that object under `"expected"`.
//! - AWS `GetExecutionHistory` output (API, SDKs, `aws stepfunctions get-execution-history`): one page
//!   `{"events": [...], "nextToken": "..."}` (the CLI spells it `NextToken` with `--max-items`), or
//!   several pages, either as a JSON array of pages or written one after another in the file.
//!   Pages may come in any order (`--reverse-order`); events are sorted by id and exact
//!   duplicates dropped.
//! - A JSON array of events, or events written one after another (`jq -c '.events[]'`).
//! - The console's export of an execution: an object holding the events under `"events"`,
//!   `"executionHistory"` or `"history"` (an array, or a page object), with the execution's
//!   `status`, `output`, `error` and `cause` beside them when present.
//!
//! Every event keeps what the file says (timestamps as ISO 8601 strings or epoch numbers alike);
//! the reader only makes sure each event has a whole-number `"id"` and a `"type"`.

use std::collections::BTreeSet;

use serde_json::{Map, Value};
use statecraft_asl::graph::{Graph, NodeKind};

/// The most events a history file may hold. AWS keeps at most 25,000 events per execution; the
/// margin leaves room for pages saved twice and for long simulated runs.
pub const MAX_EVENTS: usize = 100_000;

/// What the reader accepts, for messages.
const EXPECTED: &str = "expected the output of `statecraft run --format json`, an AWS \
     GetExecutionHistory response {\"events\": [...]} (one page or several), a JSON array of \
     events, or the Step Functions console's export of an execution";

/// An execution history read from a file, normalised to AWS's GetExecutionHistory event shape.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedHistory {
    /// The events in id order (ascending), each a JSON object in AWS's GetExecutionHistory shape:
    /// "id", "previousEventId", "timestamp", "type", and one "<lowerCamelType>EventDetails" object.
    pub events: Vec<Value>,
    /// Where it came from, for the user: "statecraft run", "GetExecutionHistory (3 pages)",
    /// "console export", ...
    pub source_kind: String,
    /// The run's status (`SUCCEEDED`, `FAILED`, `TIMED_OUT`, `ABORTED`, `RUNNING`, ...) when the
    /// file says it: at top level, or through the history's closing `Execution*` event.
    pub status: Option<String>,
    /// The run's output when the file says it. AWS gives outputs as JSON text; text that parses
    /// as JSON is returned parsed, so this is the output value itself.
    pub output: Option<Value>,
    /// The run's error when the file says it.
    pub error: Option<String>,
    /// The run's cause when the file says it.
    pub cause: Option<String>,
}

/// An event that names a state the graph has no state of that name for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownState {
    /// Index of the event in the events given.
    pub event_index: usize,
    /// The event's `id` (0 when it has none, as AWS's `previousEventId` says "none").
    pub event_id: i64,
    /// The state name the event gives.
    pub name: String,
}

/// Why a history file could not be read: what is wrong and where.
///
/// Events are numbered from 1 in file order; `at` locates them as a JSON pointer
/// (`/events/11`), prefixed with the JSON value for files holding several (`JSON value 2 (line
/// 40): /events/3`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HistoryFileError {
    /// The file holds nothing but white space.
    #[error("the file is empty: {}", EXPECTED)]
    Empty,
    /// The text is not JSON (or a run of JSON values).
    #[error("not JSON at line {line} column {column}: {message}")]
    NotJson {
        /// Line of the problem, from 1.
        line: usize,
        /// Column of the problem, from 1.
        column: usize,
        /// What the JSON parser expected or found.
        message: String,
    },
    /// The JSON holds no events where a history keeps them.
    #[error("no events found: {}; {found}", EXPECTED)]
    NoEvents {
        /// What the file holds instead.
        found: String,
    },
    /// A file holding several JSON values has one that is neither a page nor an event.
    #[error("{at} is {found}, not a GetExecutionHistory page {{\"events\": [...]}} or an event")]
    NotAPage {
        /// Which value.
        at: String,
        /// What it is.
        found: String,
    },
    /// An event is not a JSON object.
    #[error("event {number} ({at}) is {found}, not an event object")]
    NotAnObject {
        /// Position of the event in the file, from 1.
        number: usize,
        /// Where the event is.
        at: String,
        /// What it is.
        found: &'static str,
    },
    /// An event has no `type` text.
    #[error("event {number} ({at}) has no type: every event needs a \"type\" such as \"TaskStateEntered\"")]
    MissingType {
        /// Position of the event in the file, from 1.
        number: usize,
        /// Where the event is.
        at: String,
    },
    /// An event has no `id` while others have one.
    #[error("event {number} ({at}) has no id, while other events have one")]
    MissingId {
        /// Position of the event in the file, from 1.
        number: usize,
        /// Where the event is.
        at: String,
    },
    /// An event's `id` or `previousEventId` is not a whole number from 0.
    #[error("event {number} ({at}) has {field} {found}: expected a whole number from 0")]
    BadId {
        /// Position of the event in the file, from 1.
        number: usize,
        /// Where the event is.
        at: String,
        /// `id` or `previousEventId`.
        field: &'static str,
        /// The value found, as JSON (shortened).
        found: String,
    },
    /// Two different events have the same id.
    #[error(
        "two different events have id {id} ({first} and {second}): does the file mix pages of \
         two executions?"
    )]
    ConflictingIds {
        /// The id.
        id: i64,
        /// Where the first is.
        first: String,
        /// Where the second is.
        second: String,
    },
    /// More events than [`MAX_EVENTS`].
    #[error(
        "the file holds {count} events, more than the {limit} a history may have (AWS keeps at \
         most 25,000 per execution)"
    )]
    TooManyEvents {
        /// Events in the file.
        count: usize,
        /// The limit.
        limit: usize,
    },
}

/// Reads an execution history from the text of a file (see the [module docs](self) for the
/// formats accepted).
pub fn read_history(text: &str) -> Result<LoadedHistory, HistoryFileError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(HistoryFileError::Empty);
    }
    let values = parse_values(text)?;
    let shape = if values.len() == 1 {
        let mut values = values;
        match values.pop() {
            Some((value, _)) => classify_single(value)?,
            None => return Err(HistoryFileError::Empty),
        }
    } else {
        classify_stream(text, values)?
    };
    let count: usize = shape.chunks.iter().map(|c| c.events.len()).sum();
    if count == 0 {
        return Err(HistoryFileError::NoEvents {
            found: shape.empty_found,
        });
    }
    if count > MAX_EVENTS {
        return Err(HistoryFileError::TooManyEvents {
            count,
            limit: MAX_EVENTS,
        });
    }
    let events = normalise(shape.chunks, count)?;
    let mut summary = shape.summary;
    if summary.status.is_none() {
        summary.fill_from_closing_event(events.last());
    }
    Ok(LoadedHistory {
        events,
        source_kind: shape.source_kind,
        status: summary.status,
        output: summary.output,
        error: summary.error,
        cause: summary.cause,
    })
}

/// Events naming a state (stateEnteredEventDetails / stateExitedEventDetails "name") that the
/// graph has no state of that name for: (event index, event id, state name), sorted by index.
pub fn unknown_states(graph: &Graph, events: &[Value]) -> Vec<UnknownState> {
    let names: BTreeSet<&str> = graph
        .nodes
        .iter()
        .filter(|n| n.kind == NodeKind::State)
        .map(|n| n.name.as_str())
        .collect();
    events
        .iter()
        .enumerate()
        .filter_map(|(event_index, event)| {
            let name = ["stateEnteredEventDetails", "stateExitedEventDetails"]
                .iter()
                .find_map(|key| event.get(key)?.get("name")?.as_str())?;
            if names.contains(name) {
                return None;
            }
            Some(UnknownState {
                event_index,
                event_id: event.get("id").and_then(Value::as_i64).unwrap_or(0),
                name: name.to_owned(),
            })
        })
        .collect()
}

/// The JSON values of the file, each with the byte offset its text starts at (blank space
/// before it included), or where the JSON breaks.
fn parse_values(text: &str) -> Result<Vec<(Value, usize)>, HistoryFileError> {
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<Value>();
    let mut values = Vec::new();
    loop {
        let start = stream.byte_offset();
        match stream.next() {
            None => break,
            Some(Ok(value)) => values.push((value, start)),
            Some(Err(err)) => return Err(not_json(&err)),
        }
    }
    Ok(values)
}

fn not_json(err: &serde_json::Error) -> HistoryFileError {
    let (line, column) = (err.line(), err.column());
    let text = err.to_string();
    let message = text
        .strip_suffix(&format!(" at line {line} column {column}"))
        .unwrap_or(&text);
    let message = if err.is_eof() {
        format!("the text ends early ({message})")
    } else {
        message.to_owned()
    };
    HistoryFileError::NotJson {
        line,
        column,
        message,
    }
}

/// Where a run of events sits in the file, to name an event in a message.
#[derive(Debug)]
enum Origin {
    /// An array: each event is `{prefix}/{index}`.
    Array(String),
    /// The file is one event.
    Whole,
    /// A JSON value of its own among several (events written one after another): its
    /// position from 1 and its line.
    Value { number: usize, line: usize },
}

/// A run of events as the file holds them.
#[derive(Debug)]
struct Chunk {
    origin: Origin,
    events: Vec<Value>,
}

impl Origin {
    /// Where event `index` of the run is.
    fn at(&self, index: usize) -> String {
        match self {
            Origin::Array(prefix) => format!("{prefix}/{index}"),
            Origin::Whole => "the top-level object".to_owned(),
            Origin::Value { number, line } => value_name(*number, *line),
        }
    }
}

/// How a message names one JSON value of several.
fn value_name(number: usize, line: usize) -> String {
    format!("JSON value {number} (line {line})")
}

/// The run's outcome as the file states it.
#[derive(Debug, Default)]
struct Summary {
    status: Option<String>,
    output: Option<Value>,
    error: Option<String>,
    cause: Option<String>,
}

impl Summary {
    /// The summary fields of an object (a statecraft run keeps `output` as a value; AWS as text).
    fn of(map: &Map<String, Value>, output_is_text: bool) -> Summary {
        let text = |key: &str| map.get(key).and_then(Value::as_str).map(str::to_owned);
        let output = match map.get("output") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if output_is_text => Some(parse_output(s)),
            Some(value) => Some(value.clone()),
        };
        Summary {
            status: text("status"),
            output,
            error: text("error"),
            cause: text("cause"),
        }
    }

    fn is_empty(&self) -> bool {
        self.status.is_none()
            && self.output.is_none()
            && self.error.is_none()
            && self.cause.is_none()
    }

    /// Fills the outcome from the history's closing `Execution*` event, as AWS records it.
    fn fill_from_closing_event(&mut self, last: Option<&Value>) {
        let Some(last) = last else { return };
        let (status, details) = match last.get("type").and_then(Value::as_str) {
            Some("ExecutionSucceeded") => ("SUCCEEDED", "executionSucceededEventDetails"),
            Some("ExecutionFailed") => ("FAILED", "executionFailedEventDetails"),
            Some("ExecutionTimedOut") => ("TIMED_OUT", "executionTimedOutEventDetails"),
            Some("ExecutionAborted") => ("ABORTED", "executionAbortedEventDetails"),
            _ => return,
        };
        self.status = Some(status.to_owned());
        let Some(details) = last.get(details) else {
            return;
        };
        if self.output.is_none() {
            self.output = match details.get("output") {
                None | Some(Value::Null) => None,
                Some(Value::String(s)) => Some(parse_output(s)),
                Some(value) => Some(value.clone()),
            };
        }
        let text = |key: &str| details.get(key).and_then(Value::as_str).map(str::to_owned);
        if self.error.is_none() {
            self.error = text("error");
        }
        if self.cause.is_none() {
            self.cause = text("cause");
        }
    }
}

/// An output given as JSON text, parsed when it is JSON.
fn parse_output(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_owned()))
}

/// What the file holds: runs of events, what to call it, and the outcome it states.
#[derive(Debug)]
struct Shape {
    chunks: Vec<Chunk>,
    source_kind: String,
    summary: Summary,
    /// What to say when there turn out to be no events.
    empty_found: String,
}

/// Keys under which an export may keep the events.
const HISTORY_KEYS: [&str; 3] = ["events", "executionHistory", "history"];
/// Keys of DescribeExecution that the console's export carries beside the events.
const EXECUTION_KEYS: [&str; 4] = ["executionArn", "stateMachineArn", "startDate", "stopDate"];

fn classify_single(value: Value) -> Result<Shape, HistoryFileError> {
    match value {
        Value::Array(items) => {
            if items.first().is_some_and(is_page) {
                let count = items.len();
                let mut pages = Vec::with_capacity(count);
                for (index, item) in items.into_iter().enumerate() {
                    match item {
                        Value::Object(map) if is_page_map(&map) => {
                            pages.push((map, format!("/{index}")));
                        }
                        other => {
                            return Err(HistoryFileError::NotAPage {
                                at: format!("item {} of the array (/{index})", index + 1),
                                found: describe(&other),
                            })
                        }
                    }
                }
                Ok(pages_shape(pages))
            } else {
                Ok(Shape {
                    chunks: vec![Chunk {
                        origin: Origin::Array(String::new()),
                        events: items,
                    }],
                    source_kind: "JSON array of events".to_owned(),
                    summary: Summary::default(),
                    empty_found: "the file is an empty JSON array".to_owned(),
                })
            }
        }
        Value::Object(map) => classify_object(map),
        other => Err(HistoryFileError::NoEvents {
            found: format!("the file holds {}", describe(&other)),
        }),
    }
}

fn classify_object(mut map: Map<String, Value>) -> Result<Shape, HistoryFileError> {
    // A recorded conformance case: the run is under "expected".
    if map
        .get("expected")
        .is_some_and(|e| e.get("events").is_some_and(Value::is_array))
    {
        if let Some(Value::Object(expected)) = map.remove("expected") {
            let mut shape = classify_object(expected)?;
            for chunk in &mut shape.chunks {
                if let Origin::Array(prefix) = &mut chunk.origin {
                    prefix.insert_str(0, "/expected");
                }
            }
            shape.source_kind = "recorded case".to_owned();
            return Ok(shape);
        }
    }
    let has_execution_keys = EXECUTION_KEYS.iter().any(|k| map.contains_key(*k))
        || map.get("execution").is_some_and(Value::is_object);
    let found_key = HISTORY_KEYS
        .iter()
        .copied()
        .find(|key| match map.get(*key) {
            Some(Value::Array(_)) => true,
            Some(Value::Object(inner)) => inner.get("events").is_some_and(Value::is_array),
            _ => false,
        });
    let Some(key) = found_key else {
        if map.get("type").is_some_and(Value::is_string) {
            // One event on its own.
            return Ok(Shape {
                chunks: vec![Chunk {
                    origin: Origin::Whole,
                    events: vec![Value::Object(map)],
                }],
                source_kind: "single event".to_owned(),
                summary: Summary::default(),
                empty_found: String::new(),
            });
        }
        return Err(HistoryFileError::NoEvents {
            found: describe_keys(&map),
        });
    };
    if key == "events" && !has_execution_keys {
        let is_run = ["status", "output", "error", "cause"]
            .iter()
            .any(|k| map.contains_key(*k));
        if is_run {
            let summary = Summary::of(&map, false);
            let events = take_array(&mut map, "events");
            return Ok(Shape {
                chunks: vec![Chunk {
                    origin: Origin::Array("/events".to_owned()),
                    events,
                }],
                source_kind: "statecraft run".to_owned(),
                summary,
                empty_found: "the \"events\" array is empty".to_owned(),
            });
        }
        // A GetExecutionHistory page.
        return Ok(pages_shape(vec![(map, String::new())]));
    }
    // The console's export: the execution's details beside its history.
    let mut summary = Summary::of(&map, true);
    if summary.is_empty() {
        if let Some(Value::Object(execution)) = map.get("execution") {
            summary = Summary::of(execution, true);
        }
    }
    let (events, prefix) = match map.remove(key) {
        Some(Value::Array(events)) => (events, format!("/{key}")),
        Some(Value::Object(mut inner)) => {
            (take_array(&mut inner, "events"), format!("/{key}/events"))
        }
        _ => (Vec::new(), format!("/{key}")),
    };
    Ok(Shape {
        chunks: vec![Chunk {
            origin: Origin::Array(prefix),
            events,
        }],
        source_kind: "console export".to_owned(),
        summary,
        empty_found: format!("the \"{key}\" array is empty"),
    })
}

/// A file of several JSON values: pages, or events, one after another.
fn classify_stream(text: &str, values: Vec<(Value, usize)>) -> Result<Shape, HistoryFileError> {
    let value_count = values.len();
    let mut pages = Vec::new();
    let mut loose_events = Vec::new();
    let mut lines = LineCounter::new(text);
    for (index, (value, start)) in values.into_iter().enumerate() {
        let line = lines.line_of(start);
        let number = index + 1;
        let name = || value_name(number, line);
        match value {
            Value::Object(map) if is_page_map(&map) => pages.push((map, format!("{}: ", name()))),
            Value::Object(map) if map.get("type").is_some_and(Value::is_string) => {
                loose_events.push(Chunk {
                    origin: Origin::Value { number, line },
                    events: vec![Value::Object(map)],
                });
            }
            Value::Array(events) => loose_events.push(Chunk {
                origin: Origin::Array(format!("{}: ", name())),
                events,
            }),
            other => {
                return Err(HistoryFileError::NotAPage {
                    at: name(),
                    found: describe(&other),
                })
            }
        }
    }
    if loose_events.is_empty() {
        return Ok(pages_shape(pages));
    }
    let only_events = pages.is_empty()
        && loose_events
            .iter()
            .all(|c| matches!(c.origin, Origin::Value { .. }));
    let mut shape = pages_shape(pages);
    shape.chunks.append(&mut loose_events);
    shape.source_kind = if only_events {
        "JSON lines of events".to_owned()
    } else {
        format!("{value_count} JSON values of events")
    };
    shape.empty_found = "every JSON value is empty".to_owned();
    Ok(shape)
}

/// The shape of GetExecutionHistory pages, each with the prefix that locates it in the file.
fn pages_shape(pages: Vec<(Map<String, Value>, String)>) -> Shape {
    let count = pages.len();
    // The last page has no token: when every page has one, pages are missing.
    let incomplete = count > 0
        && pages.iter().all(|(page, _)| {
            ["nextToken", "NextToken"]
                .iter()
                .any(|k| page.get(*k).is_some_and(|t| !t.is_null()))
        });
    let mut chunks = Vec::with_capacity(count);
    for (mut page, prefix) in pages {
        let events = take_array(&mut page, "events");
        chunks.push(Chunk {
            origin: Origin::Array(format!("{prefix}/events")),
            events,
        });
    }
    let mut source_kind = match count {
        1 => "GetExecutionHistory".to_owned(),
        n => format!("GetExecutionHistory ({n} pages)"),
    };
    if incomplete {
        source_kind.push_str(", incomplete: every page has a nextToken");
    }
    Shape {
        chunks,
        source_kind,
        summary: Summary::default(),
        empty_found: if count == 1 {
            "the \"events\" array is empty".to_owned()
        } else {
            "every page's \"events\" array is empty".to_owned()
        },
    }
}

fn is_page(value: &Value) -> bool {
    value.as_object().is_some_and(is_page_map)
}

fn is_page_map(map: &Map<String, Value>) -> bool {
    map.get("events").is_some_and(Value::is_array)
}

fn take_array(map: &mut Map<String, Value>, key: &str) -> Vec<Value> {
    match map.remove(key) {
        Some(Value::Array(items)) => items,
        _ => Vec::new(),
    }
}

/// Line numbers of places met in increasing order, counted once through the text.
#[derive(Debug)]
struct LineCounter<'t> {
    text: &'t str,
    /// Bytes counted so far.
    offset: usize,
    /// The line at `offset`, from 1.
    line: usize,
}

impl<'t> LineCounter<'t> {
    fn new(text: &'t str) -> Self {
        LineCounter {
            text,
            offset: 0,
            line: 1,
        }
    }

    /// The line of the first non-blank character at or after `offset` (at or after the last
    /// place asked for).
    fn line_of(&mut self, offset: usize) -> usize {
        let rest = self.text.get(offset..).unwrap_or("");
        let end = (offset + rest.len() - rest.trim_start().len()).min(self.text.len());
        if let Some(counted) = self.text.as_bytes().get(self.offset..end) {
            self.line += counted.iter().filter(|b| **b == b'\n').count();
            self.offset = end;
        }
        self.line
    }
}

fn describe(value: &Value) -> String {
    match value {
        Value::Object(map) => describe_keys(map),
        other => statecraft_asl::words::kind_of(other).to_owned(),
    }
}

/// "an object with keys a, b, c" (the first few).
fn describe_keys(map: &Map<String, Value>) -> String {
    if map.is_empty() {
        return "an empty object".to_owned();
    }
    const SHOWN: usize = 8;
    let mut keys: Vec<String> = map.keys().take(SHOWN).map(|k| shorten(k, 40)).collect();
    if map.len() > SHOWN {
        keys.push(format!("… ({} more)", map.len() - SHOWN));
    }
    format!("an object with keys {}", keys.join(", "))
}

fn shorten(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        text.to_owned()
    } else {
        let mut short: String = text.chars().take(max_chars).collect();
        short.push('…');
        short
    }
}

/// An id as AWS means it: a whole number (also written as text or as `12.0` by some tools).
fn event_id(value: &Value) -> Option<i64> {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    let id = match value {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() <= EXACT)
                .map(|f| f as i64)
        }),
        Value::String(s) => s.trim().parse::<i64>().ok(),
        _ => None,
    }?;
    (id >= 0).then_some(id)
}

/// An event ready to be sorted.
#[derive(Debug)]
struct Entry {
    id: i64,
    /// Chunk and index of the event in the file, to name it in a message.
    chunk: usize,
    index: usize,
    event: Value,
}

/// Checks and normalises every event, sorts them by id and drops exact duplicates.
fn normalise(chunks: Vec<Chunk>, count: usize) -> Result<Vec<Value>, HistoryFileError> {
    // When no event has an id at all, number them in file order.
    let number_in_order = chunks
        .iter()
        .flat_map(|c| &c.events)
        .all(|e| e.get("id").is_none_or(Value::is_null));
    let mut origins = Vec::with_capacity(chunks.len());
    let mut entries = Vec::with_capacity(count);
    let mut number = 0usize;
    for (chunk_index, chunk) in chunks.into_iter().enumerate() {
        let Chunk { origin, events } = chunk;
        for (index, event) in events.into_iter().enumerate() {
            number += 1;
            let at = || origin.at(index);
            let Value::Object(mut map) = event else {
                return Err(HistoryFileError::NotAnObject {
                    number,
                    at: at(),
                    found: statecraft_asl::words::kind_of(&event),
                });
            };
            if map
                .get("type")
                .and_then(Value::as_str)
                .is_none_or(str::is_empty)
            {
                return Err(HistoryFileError::MissingType { number, at: at() });
            }
            let id = if number_in_order {
                let id = i64::try_from(number).unwrap_or(i64::MAX);
                map.insert("id".to_owned(), Value::from(id));
                id
            } else {
                let id = match map.get("id") {
                    None | Some(Value::Null) => {
                        return Err(HistoryFileError::MissingId { number, at: at() })
                    }
                    Some(value) => event_id(value).ok_or_else(|| HistoryFileError::BadId {
                        number,
                        at: at(),
                        field: "id",
                        found: shorten(&value.to_string(), 40),
                    })?,
                };
                if !map.get("id").is_some_and(Value::is_i64) {
                    map.insert("id".to_owned(), Value::from(id));
                }
                id
            };
            match map.get("previousEventId") {
                None | Some(Value::Null) => {}
                Some(value) if value.is_i64() && event_id(value).is_some() => {}
                Some(value) => {
                    let previous = event_id(value).ok_or_else(|| HistoryFileError::BadId {
                        number,
                        at: at(),
                        field: "previousEventId",
                        found: shorten(&value.to_string(), 40),
                    })?;
                    map.insert("previousEventId".to_owned(), Value::from(previous));
                }
            }
            entries.push(Entry {
                id,
                chunk: chunk_index,
                index,
                event: Value::Object(map),
            });
        }
        origins.push(origin);
    }
    // Stable: events with the same id stay in file order.
    if !entries.windows(2).all(|w| w[0].id <= w[1].id) {
        entries.sort_by_key(|e| e.id);
    }
    let mut events: Vec<Value> = Vec::with_capacity(entries.len());
    let mut last: Option<(i64, usize, usize)> = None;
    for entry in entries {
        if let Some((id, chunk, index)) = last {
            if id == entry.id {
                if events.last() == Some(&entry.event) {
                    continue;
                }
                let at = |chunk: usize, index: usize| {
                    origins.get(chunk).map(|c| c.at(index)).unwrap_or_default()
                };
                return Err(HistoryFileError::ConflictingIds {
                    id,
                    first: at(chunk, index),
                    second: at(entry.chunk, entry.index),
                });
            }
        }
        last = Some((entry.id, entry.chunk, entry.index));
        events.push(entry.event);
    }
    Ok(events)
}
