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
    use std::sync::{Condvar, Mutex, MutexGuard, PoisonError, mpsc};

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

        /// A pipeline of whole batches: `read` fills a batch on the calling thread, one thread
        /// maps it with `map`, `consume` takes the batch and its output on the calling thread, in
        /// batch order. `read` returns `None` at the end, and with each batch whether to read on
        /// before its output is in: not after a batch its source ended early (a live stream that
        /// had no more to give yet), whose output is handed over first, instead of after the next
        /// read returns. `consume` may stop the run or end it with an error.
        ///
        /// The calling thread is one of the `threads` mapping threads: `threads - 1` pool threads
        /// take batches from a queue, and the caller, rather than sleep while the batch it must
        /// hand over next is still being mapped, maps the oldest batch still waiting in the
        /// queue. So exactly `threads` threads are busy: a caller that read and wrote beside
        /// `threads` mapping threads made one thread more than there are cores, and each of its
        /// wake-ups took a core from a mapping thread (BENCHMARKS.md, the fourth session: the
        /// CLI at `-j 2` spends 40% less system time; in process, equal to 4% faster). Up to
        /// `2 x threads + 2` batches are in flight: while the caller maps one, each helper has
        /// one in hand and more waiting, so none runs dry before the caller reads again
        /// (`threads + 2` measured the same within the host's noise; this leaves slack for a
        /// slow `consume`).
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
            type Mapped<B, O> = (B, std::thread::Result<O>);
            // A panic (in a caller's `finish`) is carried to the calling thread and raised there
            // when its batch's turn comes, as the iterator raises it: a helper that sent nothing
            // would leave the caller waiting forever.
            let map_caught = |mut batch: B| {
                let output = panic::catch_unwind(AssertUnwindSafe(|| map(&mut batch)));
                (batch, output)
            };
            let map_caught = &map_caught;
            let limit = 2 * self.threads() + 2;
            let queue = &Queue::default();
            self.0.in_place_scope(|scope| {
                let (sender, receiver) = mpsc::channel::<(usize, Mapped<B, O>)>();
                for _ in 1..self.threads() {
                    let sender = sender.clone();
                    scope.spawn(move |_| {
                        while let Some((sequence, batch)) = queue.take() {
                            // Sending fails only when the caller has stopped: output unwanted.
                            if sender.send((sequence, map_caught(batch))).is_err() {
                                break;
                            }
                        }
                    });
                }
                // However this closure ends (done, stopped, an error, a panic raised), the
                // helpers are told to stop before the scope waits for them.
                let _close = queue.closer();
                // Batches `consumed..read_count` are in flight; `arrived[k]` holds batch
                // `consumed + k` once it is mapped (they finish in any order).
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
                                queue.put(read_count, batch);
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
                        // Results already in first, then a waiting batch mapped here, and only
                        // with neither does the caller sleep until a helper is done.
                        let (sequence, mapped) = match receiver.try_recv() {
                            Ok(done) => done,
                            Err(_) => match queue.try_take() {
                                Some((sequence, batch)) => (sequence, map_caught(batch)),
                                None => match receiver.recv() {
                                    Ok(done) => done,
                                    // Unreachable while `sender` lives in this scope; ending
                                    // beats hanging.
                                    Err(_) => return Ok(()),
                                },
                            },
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

    /// The batches read and not yet taken by a thread, in read order, and whether the run is
    /// over (helpers stop then, leaving what is queued).
    struct Queue<B> {
        state: Mutex<(VecDeque<(usize, B)>, bool)>,
        ready: Condvar,
    }

    impl<B> Default for Queue<B> {
        fn default() -> Self {
            Self {
                state: Mutex::new((VecDeque::new(), false)),
                ready: Condvar::new(),
            }
        }
    }

    impl<B> Queue<B> {
        fn lock(&self) -> MutexGuard<'_, (VecDeque<(usize, B)>, bool)> {
            // A thread panics only outside the lock (mapping is caught), so poison carries
            // nothing; the state is whole.
            self.state.lock().unwrap_or_else(PoisonError::into_inner)
        }

        fn put(&self, sequence: usize, batch: B) {
            self.lock().0.push_back((sequence, batch));
            self.ready.notify_one();
        }

        /// The oldest waiting batch, if any, without waiting.
        fn try_take(&self) -> Option<(usize, B)> {
            self.lock().0.pop_front()
        }

        /// The oldest waiting batch, waiting for one; `None` once the run is over.
        fn take(&self) -> Option<(usize, B)> {
            let mut state = self.lock();
            loop {
                if state.1 {
                    return None;
                }
                if let Some(job) = state.0.pop_front() {
                    return Some(job);
                }
                state = self
                    .ready
                    .wait(state)
                    .unwrap_or_else(PoisonError::into_inner);
            }
        }

        /// Ends the run when dropped.
        fn closer(&self) -> impl Drop + '_ {
            struct Close<'q, B>(&'q Queue<B>);
            impl<B> Drop for Close<'_, B> {
                fn drop(&mut self) {
                    self.0.lock().1 = true;
                    self.0.ready.notify_all();
                }
            }
            Close(self)
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
