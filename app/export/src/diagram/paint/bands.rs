//! Rasterising a picture's bands on several threads, in order: workers
//! take bands from the top and may run a few ahead of the one the sink is
//! waiting for; the bands' buffers are reused.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, PoisonError, mpsc};

use resvg::tiny_skia::Pixmap;

use super::{BAND_ROWS, Picture};
use crate::ExportError;

impl Picture {
    /// Rasterises the picture band by band on up to `threads` threads. Each
    /// band's pixels (premultiplied RGBA rows of the full width) are turned
    /// into bytes by `prepare` on the thread that drew them, and those bytes
    /// go to `sink` in order from the top. At most a few bands per thread are
    /// held at once, and their buffers are reused.
    pub(in crate::diagram) fn rasterise(
        &self,
        threads: usize,
        prepare: &(dyn Fn(&[u8], &mut Vec<u8>) + Sync),
        sink: &mut dyn FnMut(&[u8]) -> Result<(), ExportError>,
    ) -> Result<(), ExportError> {
        self.rasterise_into(
            threads,
            &|band, out: &mut Vec<u8>| {
                out.clear();
                prepare(band, out);
            },
            &mut |out: &Vec<u8>| sink(out),
        )
    }

    /// [`Picture::rasterise`] into any kind of band: `prepare` makes a `T`
    /// of each band's pixels on the thread that drew them (reusing an
    /// earlier one), and `sink` takes them in order from the top.
    pub(in crate::diagram) fn rasterise_into<T: Default + Send>(
        &self,
        threads: usize,
        prepare: &(dyn Fn(&[u8], &mut T) + Sync),
        sink: &mut dyn FnMut(&T) -> Result<(), ExportError>,
    ) -> Result<(), ExportError> {
        let count = self.bands.len();
        let threads = threads.clamp(1, count.max(1));
        let width = self.size.width();
        let draw = |i: usize, pixmap: &mut Option<Pixmap>, out: &mut T| -> Result<(), ExportError> {
            let height = BAND_ROWS.min(self.size.height() - i as u32 * BAND_ROWS);
            let pixmap = reuse(pixmap, width, height)?;
            self.draw_band(i, pixmap);
            prepare(pixmap.data(), out);
            Ok(())
        };
        if threads == 1 {
            let (mut pixmap, mut out) = (None, T::default());
            for i in 0..count {
                draw(i, &mut pixmap, &mut out)?;
                sink(&out)?;
            }
            return Ok(());
        }
        // Workers take bands in order and may run `window` bands ahead of the sink.
        let window = 2 * threads;
        let next = AtomicUsize::new(0);
        let stop = AtomicBool::new(false);
        let written = (Mutex::new(0_usize), Condvar::new());
        let pool: Mutex<Vec<T>> = Mutex::new(Vec::new());
        let (tx, rx) = mpsc::channel::<(usize, Result<T, ExportError>)>();
        std::thread::scope(|scope| {
            for _ in 0..threads {
                let tx = tx.clone();
                let (next, stop, written, draw, pool) = (&next, &stop, &written, &draw, &pool);
                scope.spawn(move || {
                    let mut pixmap = None;
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= count || stop.load(Ordering::Relaxed) {
                            break;
                        }
                        {
                            let (lock, cvar) = written;
                            let mut done = lock.lock().unwrap_or_else(PoisonError::into_inner);
                            while i >= *done + window && !stop.load(Ordering::Relaxed) {
                                done = cvar.wait(done).unwrap_or_else(PoisonError::into_inner);
                            }
                        }
                        if stop.load(Ordering::Relaxed) {
                            break;
                        }
                        let mut out = pool
                            .lock()
                            .unwrap_or_else(PoisonError::into_inner)
                            .pop()
                            .unwrap_or_default();
                        let result = draw(i, &mut pixmap, &mut out).map(|()| out);
                        if tx.send((i, result)).is_err() {
                            break;
                        }
                    }
                });
            }
            drop(tx);
            let mut waiting: BTreeMap<usize, T> = BTreeMap::new();
            let mut done = 0;
            let mut outcome = Ok(());
            'receive: for (i, result) in &rx {
                match result {
                    Ok(band) => {
                        waiting.insert(i, band);
                    }
                    Err(e) => {
                        outcome = Err(e);
                        break;
                    }
                }
                while let Some(band) = waiting.remove(&done) {
                    if let Err(e) = sink(&band) {
                        outcome = Err(e);
                        break 'receive;
                    }
                    pool.lock().unwrap_or_else(PoisonError::into_inner).push(band);
                    done += 1;
                    let (lock, cvar) = &written;
                    *lock.lock().unwrap_or_else(PoisonError::into_inner) = done;
                    cvar.notify_all();
                }
            }
            if outcome.is_err() {
                stop.store(true, Ordering::Relaxed);
                written.1.notify_all();
            }
            drop(rx);
            outcome
        })
    }
}

/// `slot`'s pixmap when it has this size, else a new one.
fn reuse(slot: &mut Option<Pixmap>, width: u32, height: u32) -> Result<&mut Pixmap, ExportError> {
    if slot.as_ref().is_none_or(|p| p.width() != width || p.height() != height) {
        *slot = Pixmap::new(width, height);
    }
    slot.as_mut().ok_or_else(|| ExportError::Image {
        detail: format!("cannot allocate a {width}×{height} band"),
    })
}
