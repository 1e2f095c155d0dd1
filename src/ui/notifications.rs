//! What background work reports: a run that ended (in any tab), a mock kept, a history that did
//! not fit. The modal slot is for questions to the user; results and errors of work that ran
//! off the UI thread go here, and the status bar shows the newest.

use super::document::DocId;

/// How many notifications are kept (oldest dropped first).
pub const KEPT: usize = 50;

/// Whether a notification reports a success or a problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    /// Something finished as asked.
    Info,
    /// Something went wrong, or the user should look.
    Problem,
}

/// One notification.
#[derive(Debug, Clone, PartialEq)]
pub struct Notification {
    /// What happened, with where.
    pub text: String,
    /// A success or a problem.
    pub kind: NoticeKind,
    /// The document it is about, if any.
    pub doc: Option<DocId>,
}

/// The notifications, newest last, and how many the user has not seen.
#[derive(Debug, Clone, Default)]
pub struct Notifications {
    items: Vec<Notification>,
    unseen: usize,
}

impl Notifications {
    /// Adds one.
    pub fn push(&mut self, kind: NoticeKind, doc: Option<DocId>, text: impl Into<String>) {
        self.items.push(Notification {
            text: text.into(),
            kind,
            doc,
        });
        if self.items.len() > KEPT {
            self.items.remove(0);
        }
        self.unseen = (self.unseen + 1).min(self.items.len());
    }

    /// Every notification kept, newest last.
    pub fn items(&self) -> &[Notification] {
        &self.items
    }

    /// How many came since the list was last opened.
    pub fn unseen(&self) -> usize {
        self.unseen
    }

    /// The list was opened: everything is seen.
    pub fn mark_seen(&mut self) {
        self.unseen = 0;
    }

    /// Forgets them all.
    pub fn clear(&mut self) {
        self.items.clear();
        self.unseen = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_oldest_go_first_and_unseen_counts_what_came_since_opening() {
        let mut list = Notifications::default();
        for n in 0..KEPT + 3 {
            list.push(NoticeKind::Info, None, format!("n{n}"));
        }
        assert_eq!(list.items().len(), KEPT);
        assert_eq!(list.items()[0].text, "n3");
        assert_eq!(list.unseen(), KEPT);
        list.mark_seen();
        list.push(NoticeKind::Problem, Some(DocId(1)), "oops");
        assert_eq!(list.unseen(), 1);
        list.clear();
        assert!(list.items().is_empty());
    }
}
