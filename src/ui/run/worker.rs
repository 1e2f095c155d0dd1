//! The simulator on a job's thread: drives an [`Execution`] with `statecraft_sim::driver`,
//! reports its events as they are recorded, and hands waiting tasks to the person at the screen.

use std::time::{Duration, Instant};

use serde_json::Value;
use statecraft_sim::{
    Advance, Execution, ExecutionStatus, HistoryEvent, PendingTask, StateRecord, TaskAnswer,
};

use crate::ui::jobs::{Work, Worker};

/// Longest slice of engine work between two reports.
const SLICE: Duration = Duration::from_millis(12);

/// Most events recorded between two reports: the window reads the first events while the engine
/// records the next (a slice can record tens of thousands of events).
const REPORT_EVENTS: usize = 1024;

/// What the window tells a run.
#[derive(Debug, Clone, PartialEq)]
pub enum RunInput {
    /// `SendTaskSuccess` / `SendTaskFailure` for a waiting task.
    Answer {
        /// The task's token.
        token: String,
        /// The answer.
        answer: TaskAnswer,
    },
    /// `SendTaskHeartbeat` for a waiting task.
    Heartbeat {
        /// The task's token.
        token: String,
    },
    /// Let virtual time pass to the next timer (a task's timeout or heartbeat).
    LetTimePass,
    /// `StopExecution`.
    Stop,
}

/// One event as a run reports it: its outline in AWS's JSON shape (no payload texts: what the
/// canvas, the timeline and the event table read) and the engine's event, whose payloads are
/// shared with the run (turned into JSON text only when someone looks at them).
#[derive(Debug, Clone, PartialEq)]
pub struct Reported {
    /// The event in `GetExecutionHistory`'s shape, less `input`, `output`, `parameters` and
    /// `assignedVariables`.
    pub outline: Value,
    /// The event as the engine recorded it.
    pub event: HistoryEvent,
}

/// What a run reports.
#[derive(Debug, Clone, PartialEq)]
pub enum RunOutput {
    /// New events, after those reported before.
    Events(Vec<Reported>),
    /// New state records (a state's data at each visit), after those reported before.
    Records(Vec<StateRecord>),
    /// These tasks wait for an answer (the run goes on once answered, or once time passes).
    Waiting(Vec<PendingTask>),
    /// Something the user asked for could not be done (an answer to a task that stopped waiting).
    Refused(String),
    /// The run ended.
    Finished {
        /// How it ended.
        status: ExecutionStatus,
        /// Virtual time at the end, in milliseconds since the epoch.
        ended_ms: i64,
    },
}

/// An execution driven on a job.
#[derive(Debug)]
pub struct RunWorker {
    execution: Execution,
    events_sent: usize,
    records_sent: usize,
    waiting: bool,
}

impl RunWorker {
    /// A worker for a prepared execution (nothing has run yet).
    pub fn new(execution: Execution) -> RunWorker {
        RunWorker {
            execution,
            events_sent: 0,
            records_sent: 0,
            waiting: false,
        }
    }

    fn report(&mut self, out: &mut Vec<RunOutput>) {
        let history = self.execution.history();
        if history.len() > self.events_sent {
            let events = history[self.events_sent..]
                .iter()
                .map(|e| Reported {
                    outline: e.to_aws_json_outline(),
                    event: e.clone(),
                })
                .collect();
            self.events_sent = history.len();
            out.push(RunOutput::Events(events));
        }
        // The engine lets go of its oldest records past its limit: send the new ones it holds.
        let total = self.execution.state_records_total();
        if total > self.records_sent {
            let records = self.execution.state_records();
            let new = (total - self.records_sent).min(records.len());
            out.push(RunOutput::Records(records[records.len() - new..].to_vec()));
            self.records_sent = total;
        }
    }

    fn take(&mut self, input: RunInput, out: &mut Vec<RunOutput>) {
        let refused = match input {
            RunInput::Answer { token, answer } => self.execution.answer(&token, answer).err(),
            RunInput::Heartbeat { token } => self.execution.send_task_heartbeat(&token).err(),
            RunInput::LetTimePass => {
                if !self.execution.let_time_pass() {
                    out.push(RunOutput::Refused(
                        "Nothing is timed: the waiting tasks have no timeout or heartbeat, so time passing changes nothing. Answer them instead.".into(),
                    ));
                }
                None
            }
            RunInput::Stop => {
                self.execution.stop(
                    Some("Statecraft.Stopped".into()),
                    Some("Stopped in the designer.".into()),
                );
                None
            }
        };
        if let Some(err) = refused {
            out.push(RunOutput::Refused(err.to_string()));
        }
        self.waiting = false;
    }
}

impl Worker for RunWorker {
    type Input = RunInput;
    type Output = RunOutput;

    fn work(&mut self, inputs: Vec<RunInput>, out: &mut Vec<RunOutput>) -> Work {
        for input in inputs {
            self.take(input, out);
        }
        if self.waiting {
            return Work::WaitForInput;
        }
        let started = Instant::now();
        let state = loop {
            match self.execution.advance() {
                Advance::Progressed => {
                    let unreported = self.execution.history().len() - self.events_sent;
                    if unreported >= REPORT_EVENTS || started.elapsed() >= SLICE {
                        break Work::More;
                    }
                }
                Advance::NeedsAnswers(tasks) => {
                    self.report(out);
                    out.push(RunOutput::Waiting(tasks));
                    self.waiting = true;
                    return Work::WaitForInput;
                }
                Advance::Finished => break Work::Done,
            }
        };
        self.report(out);
        if state == Work::Done {
            out.push(RunOutput::Finished {
                status: self.execution.status(),
                ended_ms: self.execution.now_ms(),
            });
        }
        state
    }
}
