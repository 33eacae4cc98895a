#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let src = String::from_utf8_lossy(data);
    let out = lyncshell::syntax::parse(&src);
    let _ = lyncshell::syntax::diagnostics::render(&out.diagnostics, &src, "fuzz.ps1");
});
