//! Variables, the seeded random source, the clock and the guards of an evaluation.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use serde_json::Value;

use crate::functions;
use crate::random::SplitMix64;

/// Guards that stop a runaway evaluation with an [`crate::ErrorKind::Limit`] error.
///
/// The depth and step limits are deterministic (the same expression and input stop at the same
/// point on every machine); the timeout is a wall-clock backstop for what they miss.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Maximum nesting of evaluation (recursive function calls, nested paths); `D1011` beyond.
    pub max_depth: usize,
    /// Maximum number of evaluation steps; `U1006` beyond.
    pub max_steps: u64,
    /// Maximum wall-clock time of one evaluation; `D1012` beyond. `None` for no limit.
    pub timeout: Option<Duration>,
}

impl Default for Limits {
    /// 10,000 levels, 5,000,000 steps, 10 seconds: far beyond any expression in a real
    /// workflow, and an error within a second or two for a runaway one.
    fn default() -> Self {
        Self {
            max_depth: 10_000,
            max_steps: 5_000_000,
            timeout: Some(Duration::from_secs(10)),
        }
    }
}

/// The seeded source of randomness for `$random()`, `$uuid()` and `$shuffle()`.
///
/// Clones share one stream: give the same source to every [`Bindings`] of a run (see
/// [`Bindings::with_random_source`]) and the whole run draws from one reproducible sequence.
/// The simulator can draw from it too, for `States.UUID`, `States.MathRandom` or retry jitter.
#[derive(Debug, Clone)]
pub struct RandomSource {
    rng: Arc<Mutex<SplitMix64>>,
}

impl RandomSource {
    /// A source whose sequence is fixed by `seed`.
    pub fn new(seed: u64) -> Self {
        Self {
            rng: Arc::new(Mutex::new(SplitMix64::new(seed))),
        }
    }

    fn lock(&self) -> MutexGuard<'_, SplitMix64> {
        // A panic while holding the lock cannot leave SplitMix64 half-updated: keep going.
        self.rng
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The next 64 random bits.
    pub fn next_u64(&self) -> u64 {
        self.lock().next_u64()
    }

    /// The next number in `[0, 1)`.
    pub fn next_f64(&self) -> f64 {
        self.lock().next_f64()
    }

    /// The next version 4 UUID, lowercase and hyphenated.
    pub fn next_uuid(&self) -> String {
        functions::format_uuid_v4(self.lock().next_bytes16())
    }
}

/// What an expression can see besides its input: named variables (`$states`, workflow
/// variables), the random source, the clock, and the guards.
///
/// Bindings also carry the AWS Step Functions functions, bound to this value's random source.
/// Cloning is cheap for the functions and shares the random source.
#[derive(Debug, Clone)]
pub struct Bindings {
    pub(crate) inner: jlens_core::Bindings,
    pub(crate) random: RandomSource,
    pub(crate) now_millis: Option<i64>,
    pub(crate) limits: Limits,
}

impl Bindings {
    /// Bindings with no variables, a random source seeded with `seed`, the system clock and the
    /// default [`Limits`].
    pub fn new(seed: u64) -> Self {
        Self::with_random_source(RandomSource::new(seed))
    }

    /// Bindings with no variables that draw from `random` (shared with its other clones).
    pub fn with_random_source(random: RandomSource) -> Self {
        Self {
            inner: functions::register(jlens_core::Bindings::new(), &random),
            random,
            now_millis: None,
            limits: Limits::default(),
        }
    }

    /// Adds or replaces a variable; `name` may be given with or without the leading `$`
    /// (`"states"` and `"$states"` bind the same variable).
    #[must_use]
    pub fn with_variable(mut self, name: &str, value: Value) -> Self {
        self.set_variable(name, value);
        self
    }

    /// Adds or replaces a variable, as [`Bindings::with_variable`] does.
    pub fn set_variable(&mut self, name: &str, value: Value) {
        let inner = std::mem::take(&mut self.inner);
        self.inner = inner.var(bare_name(name), value);
    }

    /// The value of a variable, by name with or without the leading `$`.
    pub fn variable(&self, name: &str) -> Option<&Value> {
        self.inner.get(bare_name(name))
    }

    /// The variables, by name without `$`, sorted by name.
    pub fn variables(&self) -> Vec<(&str, &Value)> {
        let mut variables: Vec<(&str, &Value)> = self.inner.iter().collect();
        variables.sort_by(|a, b| a.0.cmp(b.0));
        variables
    }

    /// Fixes the time that `$now()` and `$millis()` return, in milliseconds since the Unix
    /// epoch: the simulator passes its virtual clock here. Without it they read the system clock.
    #[must_use]
    pub fn with_now_millis(mut self, now_millis: i64) -> Self {
        self.now_millis = Some(now_millis);
        self
    }

    /// Replaces the guards of the evaluation.
    #[must_use]
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The random source (shared with clones of these bindings).
    pub fn random_source(&self) -> &RandomSource {
        &self.random
    }

    /// The time fixed for `$now()` and `$millis()`, if any.
    pub fn now_millis(&self) -> Option<i64> {
        self.now_millis
    }

    /// The guards of the evaluation.
    pub fn limits(&self) -> Limits {
        self.limits
    }
}

fn bare_name(name: &str) -> &str {
    name.strip_prefix('$').unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn variables_accept_dollar_or_bare_names() {
        let b = Bindings::new(0)
            .with_variable("$states", json!({"input": 1}))
            .with_variable("total", json!(3));
        assert_eq!(b.variable("states"), Some(&json!({"input": 1})));
        assert_eq!(b.variable("$total"), Some(&json!(3)));
        assert_eq!(
            b.variables(),
            vec![("states", &json!({"input": 1})), ("total", &json!(3))]
        );
    }

    #[test]
    fn clones_share_the_random_stream() {
        let a = RandomSource::new(5);
        let b = a.clone();
        let fresh = RandomSource::new(5);
        let first = fresh.next_u64();
        let second = fresh.next_u64();
        assert_eq!(a.next_u64(), first);
        assert_eq!(b.next_u64(), second);
    }
}
