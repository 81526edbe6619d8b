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

        /// A two-stage pipeline: `read` fills a batch on the calling thread, `map` maps it on
        /// the pool, `consume` takes its output on the calling thread, in batch order. Batch
        /// k + 1 is mapped while batch k is consumed and batch k + 2 read, so the caller's own
        /// work is not serial with the mapping. `read` returns `None` at the end; its error ends
        /// the run once the batches read before it are consumed. `consume` may stop the run.
        pub(crate) fn pipeline<B: Send + Default, O: Send>(
            &self,
            mut read: impl FnMut(B) -> io::Result<Option<B>>,
            map: impl Fn(&B) -> O + Sync,
            mut consume: impl FnMut(O) -> ControlFlow<()>,
        ) -> io::Result<()> {
            let map = &map;
            self.0.in_place_scope(|scope| {
                type Mapped<B, O> = (B, std::thread::Result<O>);
                let (sender, receiver) = mpsc::channel::<Mapped<B, O>>();
                let spawn = |batch: B| {
                    let sender = sender.clone();
                    scope.spawn(move |_| {
                        // A panic (in a caller's `finish`) is carried to the calling thread and
                        // raised there, as the iterator raises it: a task that sent nothing would
                        // leave the caller waiting forever.
                        let output = panic::catch_unwind(AssertUnwindSafe(|| map(&batch)));
                        // Sending fails only when the caller has stopped; the output is unwanted.
                        let _ = sender.send((batch, output));
                    });
                };
                let mut in_flight = match read(B::default())? {
                    Some(batch) => {
                        spawn(batch);
                        true
                    }
                    None => false,
                };
                let mut spare = Some(B::default());
                let mut ended = false;
                let mut failed = None;
                while in_flight {
                    let next = if ended || failed.is_some() {
                        None
                    } else {
                        match read(spare.take().unwrap_or_default()) {
                            Ok(Some(batch)) => Some(batch),
                            Ok(None) => {
                                ended = true;
                                None
                            }
                            Err(error) => {
                                failed = Some(error);
                                None
                            }
                        }
                    };
                    let Ok((done, output)) = receiver.recv() else {
                        break;
                    };
                    let output = output.unwrap_or_else(|payload| panic::resume_unwind(payload));
                    in_flight = false;
                    if let Some(batch) = next {
                        spawn(batch);
                        in_flight = true;
                    }
                    spare = Some(done);
                    if consume(output).is_break() {
                        return Ok(());
                    }
                }
                failed.map_or(Ok(()), Err)
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
            _read: impl FnMut(B) -> io::Result<Option<B>>,
            _map: impl Fn(&B) -> O,
            _consume: impl FnMut(O) -> std::ops::ControlFlow<()>,
        ) -> io::Result<()> {
            match *self {}
        }
    }
}
