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
    }
}
