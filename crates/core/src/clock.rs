//! The one place the core reads the clock: everything below it (the store, the domain) takes
//! the time as an argument.

use chrono::{Local, NaiveDateTime};

/// Now, in local time, to the second.
pub(crate) fn now() -> NaiveDateTime {
    // Second precision keeps stored timestamps short and comparable as text.
    let n = Local::now().naive_local();
    n.with_nanosecond_zero()
}

trait ZeroNanos {
    fn with_nanosecond_zero(self) -> Self;
}
impl ZeroNanos for NaiveDateTime {
    fn with_nanosecond_zero(self) -> Self {
        chrono::Timelike::with_nanosecond(&self, 0).unwrap_or(self)
    }
}
