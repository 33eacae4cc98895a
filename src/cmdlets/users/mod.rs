//! The users family: Get-CsUser, Set-CsUser, Enable-CsUser, Disable-CsUser and Move-CsUser
//! (on-premises pools and the hybrid path to Lync Online, federation-model.md §1.8 and §4).
//!
//! - [`ops`]: selection, changes and the move preconditions on `&mut Deployment`;
//! - [`filter`]: the `-Filter` and `-LdapFilter` languages;
//! - [`cmdlets`]: thin bodies that bind values to ops and write objects and errors;
//! - [`errors`]: the family's error enum and every Lync text it prints.

pub mod cmdlets;
pub mod errors;
pub mod filter;
pub mod ops;

use super::Behaviour;
use crate::runtime::commands::CmdletBody;

fn make<T: CmdletBody + Default + 'static>() -> Box<dyn CmdletBody> {
    Box::new(T::default())
}

const fn own(make: fn() -> Box<dyn CmdletBody>) -> Behaviour {
    Behaviour {
        make,
        generic: false,
    }
}

/// The family's behaviour table.
pub static TABLE: &[(&str, Behaviour)] = &[
    ("Get-CsUser", own(make::<cmdlets::GetCsUser>)),
    ("Set-CsUser", own(make::<cmdlets::SetCsUser>)),
    ("Enable-CsUser", own(make::<cmdlets::EnableCsUser>)),
    ("Disable-CsUser", own(make::<cmdlets::DisableCsUser>)),
    ("Move-CsUser", own(make::<cmdlets::MoveCsUser>)),
];
