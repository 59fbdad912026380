//! Failed logins counted per login and per client address, in this process: after a few in a
//! row a login (or an address) waits before its next try is even checked, longer each time.
//! Kept in memory and bounded; several hub processes each count their own.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How many failures in a row are free, the first wait, and the longest.
#[derive(Clone, Copy, Debug)]
pub struct Policy {
    pub free: u32,
    pub first_wait: Duration,
    pub max_wait: Duration,
}

/// Per login: five tries, then 30 s doubling up to 15 minutes.
pub const PER_LOGIN: Policy =
    Policy { free: 5, first_wait: Duration::from_secs(30), max_wait: Duration::from_secs(15 * 60) };
/// Per address: twenty tries (a shared office), then a minute doubling up to an hour.
pub const PER_ADDRESS: Policy =
    Policy { free: 20, first_wait: Duration::from_secs(60), max_wait: Duration::from_secs(3600) };

/// The most keys remembered; past it the oldest are forgotten.
const MAX_KEYS: usize = 10_000;
/// A key with no failure for this long starts afresh.
const FORGET_AFTER: Duration = Duration::from_secs(24 * 3600);

#[derive(Clone, Copy, Debug)]
struct Tries {
    failures: u32,
    last: Instant,
    until: Option<Instant>,
}

#[derive(Default)]
pub struct Throttle {
    keys: Mutex<HashMap<String, Tries>>,
}

impl Throttle {
    /// How long `key` must still wait, if it must.
    pub fn wait(&self, key: &str, now: Instant) -> Option<Duration> {
        let keys = self.keys.lock().unwrap_or_else(|e| e.into_inner());
        keys.get(key).and_then(|t| t.until).filter(|u| *u > now).map(|u| u - now)
    }

    /// A failed try of `key`: counted, and past the free ones it must wait.
    pub fn failed(&self, key: &str, policy: Policy, now: Instant) {
        let mut keys = self.keys.lock().unwrap_or_else(|e| e.into_inner());
        if keys.len() >= MAX_KEYS && !keys.contains_key(key) {
            keys.retain(|_, t| now.duration_since(t.last) < FORGET_AFTER);
            if keys.len() >= MAX_KEYS {
                if let Some(oldest) = keys.iter().min_by_key(|(_, t)| t.last).map(|(k, _)| k.clone()) {
                    keys.remove(&oldest);
                }
            }
        }
        let t = keys.entry(key.to_owned()).or_insert(Tries { failures: 0, last: now, until: None });
        if now.duration_since(t.last) >= FORGET_AFTER {
            t.failures = 0;
        }
        t.failures = t.failures.saturating_add(1);
        t.last = now;
        if let Some(extra) = t.failures.checked_sub(policy.free) {
            let wait = policy.first_wait.saturating_mul(1u32 << extra.min(16)).min(policy.max_wait);
            t.until = Some(now + wait);
        }
    }

    /// A successful login: its count starts again.
    pub fn succeeded(&self, key: &str) {
        self.keys.lock().unwrap_or_else(|e| e.into_inner()).remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_tries_then_doubling_waits_and_a_success_clears() {
        let t = Throttle::default();
        let now = Instant::now();
        for _ in 0..PER_LOGIN.free - 1 {
            t.failed("login:lee", PER_LOGIN, now);
        }
        assert_eq!(t.wait("login:lee", now), None);
        t.failed("login:lee", PER_LOGIN, now);
        assert_eq!(t.wait("login:lee", now), Some(Duration::from_secs(30)));
        t.failed("login:lee", PER_LOGIN, now);
        assert_eq!(t.wait("login:lee", now), Some(Duration::from_secs(60)));
        assert_eq!(t.wait("login:lee", now + Duration::from_secs(61)), None);
        for _ in 0..40 {
            t.failed("login:lee", PER_LOGIN, now);
        }
        assert_eq!(t.wait("login:lee", now), Some(PER_LOGIN.max_wait));
        assert_eq!(t.wait("login:kim", now), None, "one login's failures are its own");
        t.succeeded("login:lee");
        assert_eq!(t.wait("login:lee", now), None);
    }

    #[test]
    fn the_memory_is_bounded() {
        let t = Throttle::default();
        let now = Instant::now();
        for i in 0..MAX_KEYS + 50 {
            t.failed(&format!("login:x{i}"), PER_LOGIN, now + Duration::from_millis(i as u64));
        }
        assert!(t.keys.lock().expect("not poisoned").len() <= MAX_KEYS);
    }
}
