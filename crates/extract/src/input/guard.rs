//! Panic containment for third-party parsers (lopdf, docx-rs) that may panic on malformed input.
//!
//! [`catch`] runs a closure under `catch_unwind`. A process-wide panic hook, installed once and
//! chained to the previous hook, stays silent for panics raised inside [`catch`] on the same
//! thread (the message is returned to the caller instead) and defers to the previous hook for
//! every other panic.

use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// Depth of [`catch`] calls on this thread.
    static GUARDED: Cell<usize> = const { Cell::new(0) };
    /// The message and location of the last panic caught on this thread.
    static LAST: RefCell<Option<String>> = const { RefCell::new(None) };
}

fn install_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if GUARDED.with(|g| g.get()) > 0 {
                let msg = info
                    .payload()
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| info.payload().downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "unknown panic".to_string());
                let at = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
                LAST.with(|l| *l.borrow_mut() = Some(format!("{msg}{at}")));
            } else {
                previous(info);
            }
        }));
    });
}

/// Runs `f`, turning a panic into `Err(message)` without printing it.
pub fn catch<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    install_hook();
    GUARDED.with(|g| g.set(g.get() + 1));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(g.get() - 1));
    result.map_err(|_| {
        LAST.with(|l| l.borrow_mut().take()).map_or_else(|| "parser panicked".to_string(), |m| shorten(&m, 200))
    })
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max { s.to_string() } else { s.chars().take(max).collect::<String>() + "…" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panics_become_errors() {
        assert_eq!(catch(|| 1 + 1), Ok(2));
        let err = catch(|| -> u32 { panic!("boom {}", 7) }).unwrap_err();
        assert!(err.starts_with("boom 7 at "), "{err}");
        let err = catch(|| {
            let v: Vec<u8> = std::hint::black_box(Vec::new());
            v[3]
        })
        .unwrap_err();
        assert!(err.contains("index out of bounds"), "{err}");
        // Nested guards unwind to the inner one.
        assert_eq!(catch(|| catch(|| -> u8 { panic!("inner") }).is_err()), Ok(true));
    }
}
