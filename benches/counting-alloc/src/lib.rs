//! A global allocator that counts allocations while asked to, for the benchmarks' "allocations per
//! record" figures. It forwards every call to the system allocator (the library chooses none, so
//! that is what an embedder gets), or with the `mimalloc` feature to the CLI's allocator.
//!
//! It is off (one relaxed load per allocation) except during a counting pass, so parallel
//! measurements are not serialised on a shared counter.

use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// The allocator; install it with `#[global_allocator]`.
#[derive(Debug, Default)]
pub struct Counting;

#[cfg(not(feature = "mimalloc"))]
use std::alloc::System as Inner;

#[cfg(feature = "mimalloc")]
use mimalloc::MiMalloc as Inner;

/// What the counting allocator forwards to, for reports.
#[cfg(not(feature = "mimalloc"))]
pub const INNER_NAME: &str = "the system allocator";

/// What the counting allocator forwards to, for reports.
#[cfg(feature = "mimalloc")]
pub const INNER_NAME: &str = "mimalloc (the CLI's allocator)";

static COUNTING: AtomicBool = AtomicBool::new(false);
static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);
static ALLOCATED_BYTES: AtomicU64 = AtomicU64::new(0);

// SAFETY: every call is forwarded unchanged to the inner allocator; the counters are atomics.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
            ALLOCATED_BYTES.fetch_add(layout.size() as u64, Ordering::Relaxed);
        }
        // SAFETY: the caller's contract is passed on as it is.
        unsafe { Inner.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { Inner.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
            ALLOCATED_BYTES.fetch_add(new_size as u64, Ordering::Relaxed);
        }
        // SAFETY: as above.
        unsafe { Inner.realloc(ptr, layout, new_size) }
    }
}

/// Allocations and bytes allocated per call of `work`, averaged over `calls` calls (with
/// [`Counting`] installed; zero otherwise).
pub fn count_allocations(calls: usize, mut work: impl FnMut(usize)) -> (f64, f64) {
    ALLOCATIONS.store(0, Ordering::SeqCst);
    ALLOCATED_BYTES.store(0, Ordering::SeqCst);
    COUNTING.store(true, Ordering::SeqCst);
    for index in 0..calls {
        work(index);
    }
    COUNTING.store(false, Ordering::SeqCst);
    let calls = calls as f64;
    (
        ALLOCATIONS.load(Ordering::SeqCst) as f64 / calls,
        ALLOCATED_BYTES.load(Ordering::SeqCst) as f64 / calls,
    )
}
