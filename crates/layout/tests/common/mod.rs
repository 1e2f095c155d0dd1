//! Generated state-machine-like requests shared by tests and benchmarks.
#![allow(dead_code)]

use statecraft_layout::{ContainerSpec, EdgeKind, LayoutRequest, ScopeRef, SizePx};

/// Small deterministic generator (xorshift64*), so tests do not need a random crate.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `low..=high`.
    pub fn range(&mut self, low: usize, high: usize) -> usize {
        low + (self.next() % (high - low + 1) as u64) as usize
    }
}

/// Builds state machines out of typical blocks: chains, choices with labelled branches and a
/// default, polling loops, catches, and Parallel / Map containers.
pub struct Generator {
    pub request: LayoutRequest,
    rng: Rng,
    next_id: usize,
    pub states: usize,
    /// One shared error handler per scope, created on first use (many Catches point at it).
    shared_handlers: Vec<(ScopeRef, String)>,
}

impl Generator {
    pub fn new(seed: u64) -> Self {
        Self {
            request: LayoutRequest::new(),
            rng: Rng::new(seed),
            next_id: 0,
            states: 0,
            shared_handlers: Vec::new(),
        }
    }

    fn state(&mut self, scope: &ScopeRef, prefix: &str) -> String {
        self.next_id += 1;
        self.states += 1;
        let id = format!("{prefix} {}", self.next_id);
        let width = 100 + self.rng.range(0, 8) as u32 * 10;
        self.request
            .node_in(scope.clone(), id.clone(), SizePx::new(width, 36));
        id
    }

    fn label(&mut self) -> SizePx {
        SizePx::new(40 + self.rng.range(0, 8) as u32 * 10, 18)
    }

    /// Appends blocks after `tail` in `scope` until about `budget` states were added; returns
    /// the new tail.
    pub fn chain(
        &mut self,
        scope: &ScopeRef,
        mut tail: String,
        budget: usize,
        depth: usize,
    ) -> String {
        let start = self.states;
        while self.states - start < budget {
            let left = budget - (self.states - start);
            let pick = self.rng.range(0, 9);
            tail = match pick {
                0..=3 => {
                    let s = self.state(scope, "Task");
                    self.request.edge(tail, s.clone(), EdgeKind::Next);
                    s
                }
                4 | 5 => self.choice(scope, tail, depth),
                6 => self.polling_loop(scope, tail),
                7 => self.catch(scope, tail),
                _ if depth < 2 && left > 12 => self.container(scope, tail, depth, left),
                _ => {
                    let s = self.state(scope, "Pass");
                    self.request.edge(tail, s.clone(), EdgeKind::Next);
                    s
                }
            };
        }
        tail
    }

    fn choice(&mut self, scope: &ScopeRef, tail: String, depth: usize) -> String {
        let choice = self.state(scope, "Choice");
        self.request.edge(tail, choice.clone(), EdgeKind::Next);
        let join = format!("Join {}", self.next_id + 1000000);
        let branches = self.rng.range(2, 4);
        let mut ends = Vec::new();
        for _ in 0..branches {
            let first = self.state(scope, "Branch");
            let label = self.label();
            self.request
                .labelled_edge(choice.clone(), first.clone(), EdgeKind::Choice, label);
            let len = self.rng.range(0, 2);
            let end = self.chain_plain(scope, first, len);
            if self.rng.range(0, 5) == 0 {
                let fail = self.state(scope, "Fail");
                self.request.edge(end, fail, EdgeKind::Next);
            } else {
                ends.push(end);
            }
            let _ = depth;
        }
        self.states += 1;
        self.request
            .node_in(scope.clone(), join.clone(), SizePx::new(110, 36));
        let label = self.label();
        self.request
            .labelled_edge(choice, join.clone(), EdgeKind::Default, label);
        for end in ends {
            self.request.edge(end, join.clone(), EdgeKind::Next);
        }
        join
    }

    fn chain_plain(&mut self, scope: &ScopeRef, mut tail: String, len: usize) -> String {
        for _ in 0..len {
            let s = self.state(scope, "Step");
            self.request.edge(tail, s.clone(), EdgeKind::Next);
            tail = s;
        }
        tail
    }

    fn polling_loop(&mut self, scope: &ScopeRef, tail: String) -> String {
        let wait = self.state(scope, "Wait");
        let check = self.state(scope, "Check");
        let done = self.state(scope, "Done?");
        self.request
            .edge(tail, wait.clone(), EdgeKind::Next)
            .edge(wait.clone(), check.clone(), EdgeKind::Next)
            .edge(check, done.clone(), EdgeKind::Next);
        let not_yet = self.label();
        self.request
            .labelled_edge(done.clone(), wait, EdgeKind::Choice, not_yet);
        let after = self.state(scope, "After");
        let yes = self.label();
        self.request
            .labelled_edge(done, after.clone(), EdgeKind::Default, yes);
        after
    }

    fn shared_handler(&mut self, scope: &ScopeRef) -> String {
        if let Some((_, id)) = self.shared_handlers.iter().find(|(s, _)| s == scope) {
            return id.clone();
        }
        let handler = self.state(scope, "Handle errors");
        let fail = self.state(scope, "Failed");
        self.request.edge(handler.clone(), fail, EdgeKind::Next);
        self.shared_handlers.push((scope.clone(), handler.clone()));
        handler
    }

    fn catch(&mut self, scope: &ScopeRef, tail: String) -> String {
        if self.rng.range(0, 1) == 0 {
            let task = self.state(scope, "Call");
            let handler = self.shared_handler(scope);
            self.request.edge(tail, task.clone(), EdgeKind::Next).edge(
                task.clone(),
                handler,
                EdgeKind::Catch,
            );
            return task;
        }
        let task = self.state(scope, "Call");
        let handler = self.state(scope, "Handle");
        let next = self.state(scope, "Then");
        self.request
            .edge(tail, task.clone(), EdgeKind::Next)
            .edge(task.clone(), next.clone(), EdgeKind::Next)
            .edge(task, handler.clone(), EdgeKind::Catch);
        if self.rng.range(0, 1) == 0 {
            let fail = self.state(scope, "Fail");
            self.request.edge(handler, fail, EdgeKind::Next);
        } else {
            self.request.edge(handler, next.clone(), EdgeKind::Next);
        }
        next
    }

    fn container(&mut self, scope: &ScopeRef, tail: String, depth: usize, left: usize) -> String {
        let map = self.rng.range(0, 2) == 0;
        let id = self.state(scope, if map { "Map" } else { "Parallel" });
        self.request.edge(tail, id.clone(), EdgeKind::Next);
        let branches = if map { 1 } else { self.rng.range(2, 3) };
        self.request.container(if map {
            ContainerSpec::map(id.clone())
        } else {
            ContainerSpec::parallel(id.clone(), branches as u32)
        });
        let per_branch = (left / 2 / branches).clamp(2, 12);
        for branch in 0..branches {
            let inner = ScopeRef::branch(id.clone(), branch as u32);
            let first = self.state(&inner, "First");
            let end = self.chain(&inner, first, per_branch, depth + 1);
            let _ = end;
        }
        id
    }
}

/// A machine of about `states` states in the root scope, with a Start and End marker.
pub fn machine(states: usize, seed: u64) -> LayoutRequest {
    let mut generator = Generator::new(seed);
    generator.request.node("Start", SizePx::new(24, 24));
    let tail = generator.chain(&ScopeRef::Root, "Start".to_owned(), states, 0);
    generator.request.node("End", SizePx::new(24, 24));
    generator.request.edge(tail, "End", EdgeKind::Other);
    generator.request
}

/// A corpus-like set: `count` machines of 10 to 40 states.
pub fn realistic_set(count: usize, seed: u64) -> Vec<LayoutRequest> {
    let mut rng = Rng::new(seed);
    (0..count)
        .map(|i| machine(rng.range(8, 36), seed * 1000 + i as u64))
        .collect()
}

/// Number of nodes in a request (all scopes).
pub fn node_count(request: &LayoutRequest) -> usize {
    request.nodes.len()
}
