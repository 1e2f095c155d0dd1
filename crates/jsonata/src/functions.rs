//! The functions AWS Step Functions adds to JSONata, with AWS's semantics, and the removal of
//! `$eval` (AWS: "`$eval` is not available, use `$parse` instead").
//!
//! The behaviour follows the AWS documentation of the JSONata functions and of the intrinsic
//! functions they replace (`States.ArrayPartition`, `States.ArrayRange`, `States.Hash`,
//! `States.MathRandom`, `States.UUID`, `States.StringToJson`), and the recorded AWS runs in
//! `../shared/conformance` (`intrinsic_functions_test_*_jsonata__*`).
//!
//! Argument types are checked by JSONata signatures, so a wrong type fails as it does for a
//! built-in function (`T0410`); a bad value fails with one of the `SF` codes below. An
//! undefined first argument gives an undefined result, as for JSONata's own functions.

use jlens_core::{HostCall, HostFunction};
use md5::Md5;
use serde_json::{Number, Value};
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha384, Sha512};

use crate::bindings::RandomSource;
use crate::random::SplitMix64;

/// The functions Step Functions adds to JSONata, by name without `$`, sorted.
pub const STEP_FUNCTIONS_FUNCTIONS: &[&str] =
    &["hash", "parse", "partition", "random", "range", "uuid"];

/// `$partition`: the chunk size is not a positive integer.
pub(crate) const CODE_PARTITION_SIZE: &str = "SF0101";
/// `$range`: start, end or step is not an integer.
pub(crate) const CODE_RANGE_NOT_INTEGER: &str = "SF0201";
/// `$range`: the step is zero.
pub(crate) const CODE_RANGE_STEP_ZERO: &str = "SF0202";
/// `$range`: the result would have more than [`MAX_RANGE_ITEMS`] items.
pub(crate) const CODE_RANGE_TOO_LONG: &str = "SF0203";
/// `$hash`: the algorithm is not one of MD5, SHA-1, SHA-256, SHA-384, SHA-512.
pub(crate) const CODE_HASH_ALGORITHM: &str = "SF0301";
/// `$parse`: the string is not JSON.
pub(crate) const CODE_PARSE_INVALID: &str = "SF0601";

/// The most items `$range` returns, as for `States.ArrayRange`.
pub(crate) const MAX_RANGE_ITEMS: usize = 1000;

/// A failure of one of the functions: a code and a message.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FunctionError {
    pub(crate) code: &'static str,
    pub(crate) message: String,
}

impl FunctionError {
    fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }

    fn into_engine(self) -> jlens_core::Error {
        jlens_core::Error::new(self.code).with("message", self.message)
    }
}

/// A hash algorithm accepted by `$hash` (and `States.Hash`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HashAlgorithm {
    /// `MD5`
    Md5,
    /// `SHA-1`
    Sha1,
    /// `SHA-256`
    Sha256,
    /// `SHA-384`
    Sha384,
    /// `SHA-512`
    Sha512,
}

impl HashAlgorithm {
    /// The algorithm for an AWS name, exactly as AWS spells it (`MD5`, `SHA-1`, `SHA-256`,
    /// `SHA-384`, `SHA-512`); `None` for any other name.
    pub fn from_aws_name(name: &str) -> Option<Self> {
        match name {
            "MD5" => Some(Self::Md5),
            "SHA-1" => Some(Self::Sha1),
            "SHA-256" => Some(Self::Sha256),
            "SHA-384" => Some(Self::Sha384),
            "SHA-512" => Some(Self::Sha512),
            _ => None,
        }
    }

    /// The digest of the UTF-8 bytes of `data`, as lowercase hexadecimal.
    pub fn hex_digest(self, data: &str) -> String {
        let bytes = data.as_bytes();
        match self {
            Self::Md5 => to_hex(&Md5::digest(bytes)),
            Self::Sha1 => to_hex(&Sha1::digest(bytes)),
            Self::Sha256 => to_hex(&Sha256::digest(bytes)),
            Self::Sha384 => to_hex(&Sha384::digest(bytes)),
            Self::Sha512 => to_hex(&Sha512::digest(bytes)),
        }
    }
}

fn to_hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        // Writing to a String cannot fail.
        let _ = write!(out, "{byte:02x}");
    }
    out
}

/// Formats 16 random bytes as a version 4 (random) UUID.
pub(crate) fn format_uuid_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
    let hex = to_hex(&bytes);
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

fn as_integer(value: f64) -> Option<i64> {
    // Exactly representable integers only; beyond 2^53 JSON numbers are not exact anyway.
    (value.is_finite() && value.fract() == 0.0 && value.abs() <= 9_007_199_254_740_992.0)
        .then_some(value as i64)
}

/// `$partition(array, size)`: consecutive chunks of `size` items; the last may be shorter.
pub(crate) fn partition(items: &[Value], size: f64) -> Result<Value, FunctionError> {
    let size = as_integer(size)
        .filter(|&s| s > 0)
        .and_then(|s| usize::try_from(s).ok())
        .ok_or_else(|| {
            FunctionError::new(
                CODE_PARTITION_SIZE,
                format!("The chunk size of $partition must be a positive integer, but was {size}"),
            )
        })?;
    Ok(Value::Array(
        items
            .chunks(size)
            .map(|chunk| Value::Array(chunk.to_vec()))
            .collect(),
    ))
}

/// `$range(start, end, step)`: the integers from `start` to `end` inclusive, `step` apart;
/// empty when `step` leads away from `end`.
pub(crate) fn range(start: f64, end: f64, step: f64) -> Result<Value, FunctionError> {
    let integer = |value: f64, what: &str| {
        as_integer(value).ok_or_else(|| {
            FunctionError::new(
                CODE_RANGE_NOT_INTEGER,
                format!("The {what} of $range must be an integer, but was {value}"),
            )
        })
    };
    let (start, end, step) = (
        integer(start, "start")?,
        integer(end, "end")?,
        integer(step, "step")?,
    );
    if step == 0 {
        return Err(FunctionError::new(
            CODE_RANGE_STEP_ZERO,
            "The step of $range must not be zero",
        ));
    }
    let span = i128::from(end) - i128::from(start);
    let count = if span == 0 || (span > 0) == (step > 0) {
        span / i128::from(step) + 1
    } else {
        0
    };
    let count = usize::try_from(count)
        .ok()
        .filter(|&count| count <= MAX_RANGE_ITEMS)
        .ok_or_else(|| {
            FunctionError::new(
                CODE_RANGE_TOO_LONG,
                format!("$range would return {count} items; the limit is {MAX_RANGE_ITEMS}"),
            )
        })?;
    // At most MAX_RANGE_ITEMS steps between integers of at most 2^53: no overflow.
    let items = (0..count)
        .map(|i| Value::Number(Number::from(start + i as i64 * step)))
        .collect();
    Ok(Value::Array(items))
}

/// `$hash(data, algorithm)`: the hex digest of `data`.
pub(crate) fn hash(data: &str, algorithm: &str) -> Result<Value, FunctionError> {
    let algorithm = HashAlgorithm::from_aws_name(algorithm).ok_or_else(|| {
        FunctionError::new(
            CODE_HASH_ALGORITHM,
            format!(
                "The hash algorithm {algorithm:?} is not supported; use one of MD5, SHA-1, SHA-256, SHA-384, SHA-512"
            ),
        )
    })?;
    Ok(Value::String(algorithm.hex_digest(data)))
}

/// `$random(seed)`: the first number of the sequence for `seed`, so a given seed always gives
/// the same number.
pub(crate) fn random_seeded(seed: f64) -> f64 {
    let seed = as_integer(seed).map_or_else(|| seed.to_bits(), |s| s as u64);
    SplitMix64::new(seed).next_f64()
}

/// `$parse(text)`: the JSON value `text` holds.
pub(crate) fn parse(text: &str) -> Result<Value, FunctionError> {
    serde_json::from_str(text).map_err(|err| {
        FunctionError::new(
            CODE_PARSE_INVALID,
            format!("$parse was given a string that is not JSON: {err}"),
        )
    })
}

fn number(value: Option<&Value>) -> Option<f64> {
    value.and_then(Value::as_f64)
}

fn number_value(value: f64) -> Option<Value> {
    Number::from_f64(value).map(Value::Number)
}

type Outcome = jlens_core::Result<Option<Value>>;

fn host(
    signature: &str,
    imp: impl Fn(&[Option<Value>]) -> Outcome + Send + Sync + 'static,
) -> Option<HostFunction> {
    HostFunction::with_signature(signature, move |args, _call: &HostCall<'_>| imp(args))
        .ok()
        .map(HostFunction::without_input)
}

/// Binds the Step Functions functions, drawing randomness from `random`, and unbinds `$eval`.
pub(crate) fn register(
    bindings: jlens_core::Bindings,
    random: &RandomSource,
) -> jlens_core::Bindings {
    let uuid_source = random.clone();
    let random_source = random.clone();
    let functions = [
        (
            "partition",
            host("<an:a>", |args| {
                let (Some(Some(Value::Array(items))), Some(size)) =
                    (args.first(), number(args.get(1).and_then(Option::as_ref)))
                else {
                    return Ok(None);
                };
                partition(items, size)
                    .map(Some)
                    .map_err(FunctionError::into_engine)
            }),
        ),
        (
            "range",
            host("<nnn:a>", |args| {
                let arg = |i: usize| number(args.get(i).and_then(Option::as_ref));
                let (Some(start), Some(end), Some(step)) = (arg(0), arg(1), arg(2)) else {
                    return Ok(None);
                };
                range(start, end, step)
                    .map(Some)
                    .map_err(FunctionError::into_engine)
            }),
        ),
        (
            "hash",
            host("<ss:s>", |args| {
                let text = |i: usize| args.get(i).and_then(Option::as_ref).and_then(Value::as_str);
                let (Some(data), Some(algorithm)) = (text(0), text(1)) else {
                    return Ok(None);
                };
                hash(data, algorithm)
                    .map(Some)
                    .map_err(FunctionError::into_engine)
            }),
        ),
        (
            "random",
            host("<n?:n>", move |args| {
                let value = match number(args.first().and_then(Option::as_ref)) {
                    Some(seed) => random_seeded(seed),
                    None => random_source.next_f64(),
                };
                Ok(number_value(value))
            }),
        ),
        (
            "uuid",
            host("<:s>", move |_args| {
                Ok(Some(Value::String(uuid_source.next_uuid())))
            }),
        ),
        (
            "parse",
            host("<s:x>", |args| {
                let Some(text) = args
                    .first()
                    .and_then(Option::as_ref)
                    .and_then(Value::as_str)
                else {
                    return Ok(None);
                };
                parse(text).map(Some).map_err(FunctionError::into_engine)
            }),
        ),
    ];
    let mut bindings = bindings;
    for (name, function) in functions {
        // The signatures are constants checked by the tests, so `None` cannot happen.
        if let Some(function) = function {
            bindings = bindings.function(name, function);
        }
    }
    // AWS does not provide `$eval`; calling an unbound name fails this way in JSONata.
    bindings.function(
        "eval",
        HostFunction::new(2, |_args, _call| {
            Err(jlens_core::Error::new("T1006").with("token", "eval"))
        })
        .without_input(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn partition_chunks_with_a_short_last_chunk() {
        let items: Vec<Value> = (1..=9).map(Value::from).collect();
        assert_eq!(
            partition(&items, 4.0).unwrap(),
            json!([[1, 2, 3, 4], [5, 6, 7, 8], [9]])
        );
        assert_eq!(
            partition(&items, 3.0).unwrap(),
            json!([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
        );
        assert_eq!(partition(&items[..2], 5.0).unwrap(), json!([[1, 2]]));
        assert_eq!(partition(&[], 2.0).unwrap(), json!([]));
    }

    #[test]
    fn partition_rejects_bad_sizes() {
        for size in [0.0, -1.0, 1.5, f64::NAN] {
            let err = partition(&[json!(1)], size).unwrap_err();
            assert_eq!(err.code, CODE_PARTITION_SIZE, "size {size}");
        }
    }

    #[test]
    fn range_is_inclusive_and_follows_the_step() {
        assert_eq!(range(0.0, 10.0, 3.0).unwrap(), json!([0, 3, 6, 9]));
        assert_eq!(range(0.0, 10.0, 2.0).unwrap(), json!([0, 2, 4, 6, 8, 10]));
        assert_eq!(range(1.0, 9.0, 2.0).unwrap(), json!([1, 3, 5, 7, 9]));
        assert_eq!(range(10.0, 0.0, -5.0).unwrap(), json!([10, 5, 0]));
        assert_eq!(range(3.0, 3.0, 1.0).unwrap(), json!([3]));
        assert_eq!(range(0.0, 5.0, -1.0).unwrap(), json!([]));
    }

    #[test]
    fn range_rejects_bad_arguments() {
        assert_eq!(
            range(0.0, 10.0, 0.0).unwrap_err().code,
            CODE_RANGE_STEP_ZERO
        );
        assert_eq!(
            range(0.5, 10.0, 1.0).unwrap_err().code,
            CODE_RANGE_NOT_INTEGER
        );
        assert_eq!(
            range(0.0, 10.0, 1.5).unwrap_err().code,
            CODE_RANGE_NOT_INTEGER
        );
        assert_eq!(
            range(1.0, 1000.0, 1.0).unwrap().as_array().map(Vec::len),
            Some(1000)
        );
        assert_eq!(
            range(0.0, 1000.0, 1.0).unwrap_err().code,
            CODE_RANGE_TOO_LONG
        );
    }

    #[test]
    fn hash_matches_known_digests() {
        let cases = [
            ("MD5", "5d41402abc4b2a76b9719d911017c592"),
            ("SHA-1", "aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d"),
            ("SHA-256", "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"),
            (
                "SHA-384",
                "59e1748777448c69de6b800d7a33bbfb9ff1b463e44354c3553bcdb9c666fa90125a3c79f90397bdf5f6a13de828684f",
            ),
            (
                "SHA-512",
                "9b71d224bd62f3785d96d46ad3ea3d73319bfbc2890caadae2dff72519673ca72323c3d99ba5c11d7c7acc6e14b8c5da0c4663475c2e5c3adef46f73bcdec043",
            ),
        ];
        for (algorithm, digest) in cases {
            assert_eq!(
                hash("hello", algorithm).unwrap(),
                json!(digest),
                "{algorithm}"
            );
        }
    }

    #[test]
    fn hash_rejects_unknown_algorithms() {
        for name in ["SHA-3", "sha-256", "SHA256", ""] {
            assert_eq!(
                hash("x", name).unwrap_err().code,
                CODE_HASH_ALGORITHM,
                "{name}"
            );
        }
    }

    #[test]
    fn seeded_random_is_a_function_of_the_seed() {
        assert_eq!(random_seeded(7.0), random_seeded(7.0));
        assert_ne!(random_seeded(7.0), random_seeded(8.0));
        assert!((0.0..1.0).contains(&random_seeded(-3.0)));
        assert!((0.0..1.0).contains(&random_seeded(0.25)));
    }

    #[test]
    fn uuids_are_version_4() {
        let uuid = format_uuid_v4([0xff; 16]);
        assert_eq!(uuid, "ffffffff-ffff-4fff-bfff-ffffffffffff");
        let uuid = format_uuid_v4([0; 16]);
        assert_eq!(uuid, "00000000-0000-4000-8000-000000000000");
    }

    #[test]
    fn parse_reads_json_and_rejects_the_rest() {
        assert_eq!(parse("1.1").unwrap(), json!(1.1));
        assert_eq!(parse("true").unwrap(), json!(true));
        assert_eq!(parse("\"HelloWorld\"").unwrap(), json!("HelloWorld"));
        assert_eq!(
            parse("[1, 2, \"HelloWorld\"]").unwrap(),
            json!([1, 2, "HelloWorld"])
        );
        assert_eq!(parse("{\"a\": null}").unwrap(), json!({"a": null}));
        assert_eq!(parse("{oops").unwrap_err().code, CODE_PARSE_INVALID);
    }

    #[test]
    fn signatures_are_valid() {
        for signature in ["<an:a>", "<nnn:a>", "<ss:s>", "<n?:n>", "<:s>", "<s:x>"] {
            assert!(host(signature, |_| Ok(None)).is_some(), "{signature}");
        }
    }
}
