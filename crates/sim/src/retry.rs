//! Retry policies: which retrier handles an error, and how long to wait before the next attempt.

use statecraft_asl::model::{JitterStrategy, Retrier};

use crate::errors::{error_matches, StateError};

/// A deterministic random source (SplitMix64), seeded per execution so a run replays exactly.
#[derive(Debug, Clone)]
pub struct SeededRng {
    state: u64,
}

impl SeededRng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        SeededRng {
            state: seed ^ 0x5DEE_CE66_D1CE_4E5B,
        }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `[0, 1)`.
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A random version-4 UUID, as text.
    pub fn uuid(&mut self) -> String {
        let (a, b) = (self.next_u64(), self.next_u64());
        uuid_from_bits(a, b)
    }
}

/// A version-4 UUID made of 128 random bits.
pub fn uuid_from_bits(a: u64, b: u64) -> String {
    {
        let a = (a & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000;
        let b = (b & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000;
        format!(
            "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xFFFF,
            a & 0xFFFF,
            b >> 48,
            b & 0xFFFF_FFFF_FFFF
        )
    }
}

/// What to do after an error, given the retriers and the attempts made so far.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RetryDecision {
    /// Try again after this many milliseconds, counting the attempt against retrier `index`.
    RetryAfter {
        /// Which retrier matched.
        index: usize,
        /// The delay.
        delay_ms: i64,
    },
    /// Do not retry (no retrier matched, or the matching one is exhausted).
    GiveUp,
}

/// Decides whether to retry. `attempts[i]` counts the retries already made under retrier `i`.
/// As on AWS, the first retrier whose `ErrorEquals` matches decides, even when it is exhausted.
pub fn decide(
    retriers: &[Retrier],
    attempts: &[u32],
    error: &StateError,
    rng: &mut SeededRng,
) -> RetryDecision {
    if error.is_terminal() {
        return RetryDecision::GiveUp;
    }
    let Some(index) = retriers
        .iter()
        .position(|r| error_matches(&r.error_equals, error))
    else {
        return RetryDecision::GiveUp;
    };
    let retrier = &retriers[index];
    let made = u64::from(attempts.get(index).copied().unwrap_or(0));
    if made >= retrier.max_attempts_or_default() {
        return RetryDecision::GiveUp;
    }
    let base = retrier.interval_seconds_or_default() as f64;
    let rate = retrier.backoff_rate_or_default();
    let mut delay_secs = base * rate.powi(i32::try_from(made).unwrap_or(i32::MAX));
    if let Some(max) = retrier.max_delay_seconds {
        delay_secs = delay_secs.min(max as f64);
    }
    if retrier.jitter_strategy == Some(JitterStrategy::Full) {
        delay_secs *= rng.next_f64();
    }
    let delay_ms = (delay_secs * 1000.0).clamp(0.0, 31_622_400_000.0) as i64;
    RetryDecision::RetryAfter { index, delay_ms }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn retrier(max_delay: Option<u64>) -> Retrier {
        Retrier {
            error_equals: vec!["States.ALL".into()],
            interval_seconds: Some(2),
            max_attempts: Some(3),
            backoff_rate: Some(3.0),
            max_delay_seconds: max_delay,
            ..Retrier::default()
        }
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let mut rng = SeededRng::new(1);
        let err = StateError::new("E", "c");
        let r = [retrier(Some(10))];
        assert_eq!(
            decide(&r, &[0], &err, &mut rng),
            RetryDecision::RetryAfter {
                index: 0,
                delay_ms: 2000
            }
        );
        assert_eq!(
            decide(&r, &[1], &err, &mut rng),
            RetryDecision::RetryAfter {
                index: 0,
                delay_ms: 6000
            }
        );
        assert_eq!(
            decide(&r, &[2], &err, &mut rng),
            RetryDecision::RetryAfter {
                index: 0,
                delay_ms: 10000
            }
        );
        assert_eq!(decide(&r, &[3], &err, &mut rng), RetryDecision::GiveUp);
    }

    #[test]
    fn seeded_rng_is_reproducible() {
        let (mut a, mut b) = (SeededRng::new(7), SeededRng::new(7));
        assert_eq!(a.uuid(), b.uuid());
        assert!(a.next_f64() < 1.0);
    }
}
