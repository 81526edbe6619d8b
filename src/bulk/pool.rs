//! The threads bulk mapping runs on.
//!
//! With the `parallel` feature, a [`BulkMapper`](super::BulkMapper) asked for more than one
//! thread maps each batch on a private `rayon` pool. Without it the crate pulls in no thread
//! pool at all: an embedder that maps on its own threads (or only one) compiles none of rayon,
//! and asking for several threads is an error that says which feature to turn on.

#[cfg(feature = "parallel")]
pub(super) use with_rayon::Pool;
#[cfg(not(feature = "parallel"))]
pub(super) use without_threads::Pool;

#[cfg(feature = "parallel")]
mod with_rayon {
    use std::collections::VecDeque;
    use std::io;
    use std::ops::ControlFlow;
    use std::panic::{self, AssertUnwindSafe};
    use std::sync::mpsc;

    use rayon::prelude::*;

    /// A private rayon pool, so mapping never competes with the embedder's global pool.
    #[derive(Debug)]
    pub(crate) struct Pool(rayon::ThreadPool);

    impl Pool {
        /// A pool of `threads` threads (`0`: one per core).
        pub(crate) fn new(threads: usize) -> io::Result<Self> {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .thread_name(|index| format!("unified-accounting-{index}"))
                .build()
                .map(Self)
                .map_err(io::Error::other)
        }

        pub(crate) fn threads(&self) -> usize {
            self.0.current_num_threads()
        }

        /// `f` over every item on the pool; the results in the items' order.
        pub(crate) fn map<I: Send, T: Send>(
            &self,
            items: Vec<I>,
            f: impl Fn(I) -> T + Sync + Send,
        ) -> Vec<T> {
            self.0.install(|| items.into_par_iter().map(f).collect())
        }

        /// A pipeline of whole batches: `read` fills a batch on the calling thread, one pool
        /// thread maps it with `map`, `consume` takes the batch and its output on the calling
        /// thread, in batch order. Up to `threads + 1` batches are in flight, so every pool
        /// thread has a batch while the caller reads the next one and consumes the oldest.
        /// `read` returns `None` at the end, and with each batch whether to read on before its
        /// output is in: not after a batch its source ended early (a live stream that had no
        /// more to give yet), whose output is handed over first, instead of after the next read
        /// returns. `consume` may stop the run or end it with an error.
        ///
        /// Each batch stays on one thread from start to end (rather than being split across
        /// threads): a split batch waits for its slowest part whenever the caller's own work
        /// (reading, writing) or another process takes a core for a while. Measured on two
        /// cores (BENCHMARKS.md), it is steadier under load and holds less memory.
        pub(crate) fn pipeline<B: Send + Default, O: Send>(
            &self,
            mut read: impl FnMut(B) -> Option<(B, bool)>,
            map: impl Fn(&mut B) -> O + Sync,
            mut consume: impl FnMut(&B, O) -> io::Result<ControlFlow<()>>,
        ) -> io::Result<()> {
            let map = &map;
            let limit = self.threads() + 1;
            self.0.in_place_scope(|scope| {
                type Mapped<B, O> = (B, std::thread::Result<O>);
                let (sender, receiver) = mpsc::channel::<(usize, Mapped<B, O>)>();
                let spawn = |sequence: usize, mut batch: B| {
                    let sender = sender.clone();
                    scope.spawn(move |_| {
                        // A panic (in a caller's `finish`) is carried to the calling thread and
                        // raised there, as the iterator raises it: a task that sent nothing would
                        // leave the caller waiting forever.
                        let output = panic::catch_unwind(AssertUnwindSafe(|| map(&mut batch)));
                        // Sending fails only when the caller has stopped; the output is unwanted.
                        let _ = sender.send((sequence, (batch, output)));
                    });
                };
                // Batches `consumed..read_count` are in flight; `arrived[k]` holds batch
                // `consumed + k` once its thread is done (they finish in any order).
                let (mut consumed, mut read_count) = (0, 0);
                let mut arrived: VecDeque<Option<Mapped<B, O>>> = VecDeque::new();
                let mut spares: Vec<B> = Vec::new();
                let (mut ended, mut read_on) = (false, true);
                loop {
                    while !ended
                        && read_count - consumed < limit
                        && (read_on || read_count == consumed)
                    {
                        match read(spares.pop().unwrap_or_default()) {
                            Some((batch, more)) => {
                                spawn(read_count, batch);
                                read_count += 1;
                                read_on = more;
                            }
                            None => ended = true,
                        }
                    }
                    if consumed == read_count {
                        return Ok(());
                    }
                    while !matches!(arrived.front(), Some(Some(_))) {
                        let Ok((sequence, mapped)) = receiver.recv() else {
                            // Unreachable while `sender` lives in this scope; ending beats hanging.
                            return Ok(());
                        };
                        let slot = sequence - consumed;
                        if arrived.len() <= slot {
                            arrived.resize_with(slot + 1, || None);
                        }
                        if let Some(place) = arrived.get_mut(slot) {
                            *place = Some(mapped);
                        }
                    }
                    let Some(Some((done, output))) = arrived.pop_front() else {
                        continue;
                    };
                    consumed += 1;
                    let output = output.unwrap_or_else(|payload| panic::resume_unwind(payload));
                    let flow = consume(&done, output)?;
                    spares.push(done);
                    if flow.is_break() {
                        return Ok(());
                    }
                }
            })
        }

        /// Runs `background` on the pool while `here` runs on the calling thread; returns when
        /// both are done.
        pub(crate) fn overlap<'a>(
            &self,
            background: impl FnOnce() + Send + 'a,
            here: impl FnOnce(),
        ) {
            self.0.in_place_scope(|scope| {
                scope.spawn(move |_| background());
                here();
            });
        }
    }
}

#[cfg(not(feature = "parallel"))]
mod without_threads {
    use std::io;

    /// No pool can exist without the `parallel` feature: the type has no values, so every path
    /// that would use one is the single-threaded path.
    #[derive(Debug)]
    pub(crate) enum Pool {}

    impl Pool {
        pub(crate) fn new(_threads: usize) -> io::Result<Self> {
            Err(io::Error::new(
                io::ErrorKind::Unsupported,
                "mapping on several threads needs the `parallel` feature of unified-accounting \
                 (features = [\"parallel\"] in Cargo.toml); without it, map with threads(1)",
            ))
        }

        pub(crate) fn threads(&self) -> usize {
            match *self {}
        }

        pub(crate) fn map<I, T>(&self, _items: Vec<I>, _f: impl Fn(I) -> T) -> Vec<T> {
            match *self {}
        }

        pub(crate) fn overlap<'a>(&self, _background: impl FnOnce() + 'a, _here: impl FnOnce()) {
            match *self {}
        }

        pub(crate) fn pipeline<B, O>(
            &self,
            _read: impl FnMut(B) -> Option<(B, bool)>,
            _map: impl Fn(&mut B) -> O,
            _consume: impl FnMut(&B, O) -> io::Result<std::ops::ControlFlow<()>>,
        ) -> io::Result<()> {
            match *self {}
        }
    }
}
