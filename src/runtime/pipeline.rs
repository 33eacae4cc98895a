//! Output sinks and the streaming pipeline.
//!
//! A pipeline is a chain of processors; an object written by one stage is handed to the next
//! stage's `process` at once (one object at a time, as PowerShell streams), so side effects
//! interleave the way they do in the real shell. Every evaluation function writes its output
//! to a [`Sink`]; the last stage's sink is whatever consumes the pipeline (a variable
//! assignment, a subexpression, or the host's default formatter).

use super::interp::{Flow, Interp};
use super::value::Value;

/// Where a command or statement writes its output objects.
pub trait Sink {
    fn push(&mut self, it: &mut Interp, value: Value) -> Result<(), Flow>;
    /// Called after each statement of the outermost statement list; the host's default
    /// formatter prints what that statement wrote (one Out-Default per statement).
    fn statement_end(&mut self, _it: &mut Interp) {}
}

impl Sink for Vec<Value> {
    fn push(&mut self, it: &mut Interp, value: Value) -> Result<(), Flow> {
        it.count_output(1)?;
        Vec::push(self, value);
        Ok(())
    }
}

/// Discards everything (`| Out-Null`, `[void]`, `$null = …`).
pub struct NullSink;

impl Sink for NullSink {
    fn push(&mut self, _it: &mut Interp, _value: Value) -> Result<(), Flow> {
        Ok(())
    }
}

/// One stage of a running pipeline.
pub trait Processor {
    /// Runs the `begin` part.
    fn begin(&mut self, it: &mut Interp, out: &mut dyn Sink) -> Result<(), Flow>;
    /// Handles one input object (`None` when the stage is first and has no pipeline input).
    fn process(
        &mut self,
        it: &mut Interp,
        input: Option<Value>,
        out: &mut dyn Sink,
    ) -> Result<(), Flow>;
    /// Runs the `end` part.
    fn end(&mut self, it: &mut Interp, out: &mut dyn Sink) -> Result<(), Flow>;
    /// The command name, for error records.
    fn name(&self) -> &str;
    /// Applies `2>$null` / `2>&1` written on the command.
    fn set_error_redirect(&mut self, _r: super::interp::ErrorRedirect) {}
}

/// The stages after the current one, ending in the pipeline's consumer.
pub struct Downstream<'a> {
    pub stages: &'a mut [Box<dyn Processor>],
    pub last: &'a mut dyn Sink,
}

impl Sink for Downstream<'_> {
    fn push(&mut self, it: &mut Interp, value: Value) -> Result<(), Flow> {
        match self.stages.split_first_mut() {
            Some((first, rest)) => {
                let rest_len = rest.len();
                let mut next = Downstream {
                    stages: rest,
                    last: &mut *self.last,
                };
                let r = first.process(it, Some(value), &mut next);
                if matches!(r, Err(Flow::StopUpstream)) && it.stop_depth.is_none() {
                    // The first stage to report the stop is the stopping command.
                    it.stop_depth = Some(rest_len + 1);
                }
                r
            }
            None => self.last.push(it, value),
        }
    }
}

/// Writes a value the way a script statement writes to the pipeline: collections are
/// enumerated one level (arrays and lists, never strings or hashtables).
pub fn emit(it: &mut Interp, out: &mut dyn Sink, value: Value) -> Result<(), Flow> {
    match &value {
        Value::Array(items) => {
            let items = items.borrow().clone();
            for v in items {
                out.push(it, v)?;
            }
            Ok(())
        }
        Value::List(list) => {
            let items = list.borrow().items.clone();
            for v in items {
                out.push(it, v)?;
            }
            Ok(())
        }
        _ => out.push(it, value),
    }
}

/// What a collected list of outputs becomes when assigned: nothing → `$null`, one → itself,
/// several → `Object[]`.
pub fn collapse(mut values: Vec<Value>) -> Value {
    match values.len() {
        0 => Value::Null,
        1 => values.pop().unwrap_or(Value::Null),
        _ => Value::array(values),
    }
}
