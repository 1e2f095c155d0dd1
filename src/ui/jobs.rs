//! Background work, in one place: runs on the simulator now, AWS calls next. A job is a
//! [`Worker`] that does its work in slices; the UI sends it inputs and polls its outputs once a
//! frame, and never waits for it.
//!
//! Two executors run the same workers:
//! - [`Executor::Threads`] (the app): each job has a thread, a channel each way and a cancel
//!   flag; the thread wakes the UI ([`Waker`]) whenever it has news, and sleeps on its inbox while
//!   the worker waits for input.
//! - [`Executor::Inline`] (tests): the worker's slices run inside [`Job::poll`] on the UI
//!   thread, so a test steps frames and sees the same outputs deterministically.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::time::Duration;

/// What a worker says after a slice of work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Work {
    /// There is more to do at once.
    More,
    /// Nothing can happen until an input arrives.
    WaitForInput,
    /// The job is over.
    Done,
}

/// Work that runs off the UI thread, a slice at a time.
pub trait Worker: Send + 'static {
    /// What the UI sends it (answers, stop).
    type Input: Send + 'static;
    /// What it reports (progress, results, questions).
    type Output: Send + 'static;

    /// Takes the inputs that arrived, does a bounded slice of work, and pushes what it has to
    /// report to `out`.
    fn work(&mut self, inputs: Vec<Self::Input>, out: &mut Vec<Self::Output>) -> Work;
}

/// Wakes the UI (egui's `Context::request_repaint`) when a job has news.
pub type Waker = Arc<dyn Fn() + Send + Sync>;

/// How jobs run.
#[derive(Clone, Default)]
pub enum Executor {
    /// On threads of their own, waking the UI with this.
    Threads(Waker),
    /// On the UI thread, inside [`Job::poll`] (tests).
    #[default]
    Inline,
}

impl std::fmt::Debug for Executor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Executor::Threads(_) => "Threads",
            Executor::Inline => "Inline",
        })
    }
}

/// Slices an inline job may run in one poll, so that a frame stays short.
const INLINE_SLICES_PER_POLL: usize = 4;

/// A running job: send it inputs, poll its outputs, cancel it.
pub struct Job<W: Worker> {
    inputs: Sender<W::Input>,
    outputs: Receiver<W::Output>,
    cancel: Arc<AtomicBool>,
    /// The worker itself when the job runs inline (with its pending inputs).
    inline: Option<(W, Receiver<W::Input>, bool)>,
    finished: Arc<AtomicBool>,
    /// What wakes the UI, when the job runs on a thread.
    waker: Option<Waker>,
}

impl<W: Worker> std::fmt::Debug for Job<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Job")
            .field("inline", &self.inline.is_some())
            .field("finished", &self.is_finished())
            .finish_non_exhaustive()
    }
}

impl<W: Worker> Job<W> {
    /// Starts `worker` on `executor`.
    pub fn start(executor: &Executor, mut worker: W) -> Job<W> {
        let (input_tx, input_rx) = mpsc::channel::<W::Input>();
        let (output_tx, output_rx) = mpsc::channel::<W::Output>();
        let cancel = Arc::new(AtomicBool::new(false));
        let finished = Arc::new(AtomicBool::new(false));
        let waker = match executor {
            Executor::Threads(waker) => Some(waker.clone()),
            Executor::Inline => None,
        };
        let inline = match executor {
            Executor::Inline => Some((worker, input_rx, false)),
            Executor::Threads(waker) => {
                let waker = waker.clone();
                let cancel = cancel.clone();
                let done = finished.clone();
                let spawned = std::thread::Builder::new()
                    .name("statecraft-job".into())
                    .spawn(move || {
                        run_on_thread(&mut worker, &input_rx, &output_tx, &cancel, &waker);
                        done.store(true, Ordering::Release);
                        waker();
                    });
                if spawned.is_err() {
                    // No thread to be had: the job is over before it began, with no output.
                    finished.store(true, Ordering::Release);
                }
                None
            }
        };
        Job {
            inputs: input_tx,
            outputs: output_rx,
            cancel,
            inline,
            finished,
            waker,
        }
    }

    /// True when the job runs on a thread and can wake the UI (see [`Job::wake_ui`]); an inline
    /// job's frames are stepped by whoever polls it.
    pub fn can_wake_ui(&self) -> bool {
        self.waker.is_some()
    }

    /// Asks the UI for another frame, as the job's thread does when it has news: for outputs
    /// taken in over several frames.
    pub fn wake_ui(&self) {
        if let Some(waker) = &self.waker {
            waker();
        }
    }

    /// Sends the worker an input (ignored once the job is over).
    pub fn send(&self, input: W::Input) {
        // A job that ended has dropped its inbox: nothing is waiting for the input.
        let _ignored = self.inputs.send(input);
    }

    /// Asks the job to stop at the end of its current slice.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Release);
    }

    /// True once the worker said it is done (or was cancelled) and its outputs were sent.
    pub fn is_finished(&self) -> bool {
        self.finished.load(Ordering::Acquire)
    }

    /// The outputs reported since the last poll, in order. Inline, this runs a few slices first.
    pub fn poll(&mut self) -> Vec<W::Output> {
        let mut out = Vec::new();
        if let Some((worker, inbox, waiting)) = &mut self.inline {
            for _ in 0..INLINE_SLICES_PER_POLL {
                if self.finished.load(Ordering::Acquire) {
                    break;
                }
                if self.cancel.load(Ordering::Acquire) {
                    self.finished.store(true, Ordering::Release);
                    break;
                }
                let inputs: Vec<W::Input> = inbox.try_iter().collect();
                if *waiting && inputs.is_empty() {
                    break;
                }
                match worker.work(inputs, &mut out) {
                    Work::More => *waiting = false,
                    Work::WaitForInput => *waiting = true,
                    Work::Done => self.finished.store(true, Ordering::Release),
                }
            }
        }
        out.extend(self.outputs.try_iter());
        out
    }
}

impl<W: Worker> Drop for Job<W> {
    fn drop(&mut self) {
        self.cancel();
    }
}

/// The thread's loop: slices of work, outputs sent as they come, asleep on the inbox while the
/// worker waits (waking now and then to notice a cancel).
fn run_on_thread<W: Worker>(
    worker: &mut W,
    inbox: &Receiver<W::Input>,
    outbox: &Sender<W::Output>,
    cancel: &AtomicBool,
    waker: &Waker,
) {
    let mut waiting = false;
    let mut out = Vec::new();
    loop {
        if cancel.load(Ordering::Acquire) {
            return;
        }
        let mut inputs: Vec<W::Input> = Vec::new();
        if waiting {
            match inbox.recv_timeout(Duration::from_millis(100)) {
                Ok(input) => inputs.push(input),
                Err(RecvTimeoutError::Timeout) => continue,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        inputs.extend(inbox.try_iter());
        let state = worker.work(inputs, &mut out);
        if !out.is_empty() {
            for output in out.drain(..) {
                if outbox.send(output).is_err() {
                    // The UI dropped the job: nobody reads any more.
                    return;
                }
            }
            waker();
        }
        match state {
            Work::More => waiting = false,
            Work::WaitForInput => waiting = true,
            Work::Done => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Counts to a limit, a step per slice, then waits for a new limit (0 ends it).
    struct Counter {
        at: u32,
        limit: u32,
    }

    impl Worker for Counter {
        type Input = u32;
        type Output = u32;

        fn work(&mut self, inputs: Vec<u32>, out: &mut Vec<u32>) -> Work {
            for limit in inputs {
                if limit == 0 {
                    return Work::Done;
                }
                self.limit = limit;
            }
            if self.at < self.limit {
                self.at += 1;
                out.push(self.at);
                Work::More
            } else {
                Work::WaitForInput
            }
        }
    }

    fn drain(job: &mut Job<Counter>, until: u32) -> Vec<u32> {
        let mut seen = Vec::new();
        for _ in 0..10_000 {
            seen.extend(job.poll());
            if seen.last() == Some(&until) {
                break;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        seen
    }

    #[test]
    fn inline_and_threaded_jobs_report_the_same_outputs() {
        let woken = Arc::new(AtomicBool::new(false));
        let flag = woken.clone();
        let threads = Executor::Threads(Arc::new(move || flag.store(true, Ordering::Release)));
        for executor in [Executor::Inline, threads] {
            let mut job = Job::start(&executor, Counter { at: 0, limit: 5 });
            assert_eq!(drain(&mut job, 5), [1, 2, 3, 4, 5], "{executor:?}");
            job.send(7);
            assert_eq!(
                drain(&mut job, 7),
                [6, 7],
                "{executor:?}: waits, then goes on"
            );
            job.send(0);
            for _ in 0..10_000 {
                if job.is_finished() {
                    break;
                }
                job.poll();
                std::thread::sleep(Duration::from_millis(1));
            }
            assert!(job.is_finished(), "{executor:?}: a zero ends it");
        }
        assert!(woken.load(Ordering::Acquire), "the thread woke the UI");
    }

    #[test]
    fn a_cancelled_job_stops() {
        let mut job = Job::start(&Executor::Inline, Counter { at: 0, limit: 1000 });
        job.poll();
        job.cancel();
        job.poll();
        assert!(job.is_finished());
        assert!(job.poll().is_empty());
    }
}
