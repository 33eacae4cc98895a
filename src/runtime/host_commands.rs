//! Commands provided by the emulated Lync Management Shell (the Cs* catalog). Filled in by the
//! catalog layer; until then nothing resolves here.

use super::binder::Arg;
use super::errors::Position;
use super::interp::{Flow, Interp};
use super::pipeline::Processor;

pub fn prepare(
    _it: &mut Interp,
    _name: &str,
    _args: Vec<Arg>,
    _expects_input: bool,
    _position: Option<Position>,
) -> Result<Option<Box<dyn Processor>>, Flow> {
    Ok(None)
}
