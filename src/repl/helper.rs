//! The rustyline helper: completion from the engine, hints from history, and colouring.

use std::borrow::Cow;
use std::cell::RefCell;
use std::rc::Rc;

use rustyline::completion::{Completer, Pair};
use rustyline::highlight::{CmdKind, Highlighter};
use rustyline::hint::{Hinter, HistoryHinter};
use rustyline::validate::Validator;
use rustyline::{Context, Helper};

use crate::engine::Engine;

pub struct LyncHelper {
    pub engine: Rc<RefCell<Engine>>,
    pub colour: bool,
    hinter: HistoryHinter,
}

impl LyncHelper {
    pub fn new(engine: Rc<RefCell<Engine>>, colour: bool) -> LyncHelper {
        LyncHelper {
            engine,
            colour,
            hinter: HistoryHinter::new(),
        }
    }
}

impl Completer for LyncHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let Ok(mut engine) = self.engine.try_borrow_mut() else {
            return Ok((pos, Vec::new()));
        };
        let c = engine.complete(line, pos);
        let pairs = c
            .candidates
            .into_iter()
            .map(|s| Pair {
                display: s.clone(),
                replacement: s,
            })
            .collect();
        Ok((c.start, pairs))
    }
}

impl Hinter for LyncHelper {
    type Hint = String;

    fn hint(&self, line: &str, pos: usize, ctx: &Context<'_>) -> Option<String> {
        self.hinter.hint(line, pos, ctx)
    }
}

impl Highlighter for LyncHelper {
    fn highlight<'l>(&self, line: &'l str, _pos: usize) -> Cow<'l, str> {
        if !self.colour {
            return Cow::Borrowed(line);
        }
        Cow::Owned(super::colour::highlight(line))
    }

    fn highlight_hint<'h>(&self, hint: &'h str) -> Cow<'h, str> {
        if !self.colour {
            return Cow::Borrowed(hint);
        }
        use owo_colors::OwoColorize;
        Cow::Owned(hint.dimmed().to_string())
    }

    fn highlight_char(&self, _line: &str, _pos: usize, _kind: CmdKind) -> bool {
        self.colour
    }
}

impl Validator for LyncHelper {}

impl Helper for LyncHelper {}
