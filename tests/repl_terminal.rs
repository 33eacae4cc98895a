//! Drives the real REPL binary under a pseudo-terminal: Tab completion (cmdlet name,
//! parameter name, enum value, an identity of the live deployment), `>>` continuation,
//! colouring on a terminal and off with `NO_COLOR` or without a terminal, history kept across
//! two sessions (Up arrow and Ctrl-R search), and "did you mean".
//!
//! The pseudo-terminal comes from the `rexpect` dev-dependency (crates.io only, so CI needs no
//! tmux or other system tool). When no pseudo-terminal can be opened (a sandbox without
//! /dev/ptmx), the terminal tests print `SKIPPED: …` and pass. Every wait is generous (60 s)
//! and nothing asserts on timing; each test proves a behaviour by the output of the command
//! it makes the shell run, not by how the line editor redraws.
#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::Command;

use rexpect::session::{PtySession, spawn_with_options};

const PROMPT: &str = "PS C:\\Users\\Administrator> ";
const TIMEOUT_MS: u64 = 60_000;

/// A scratch HOME for one test (history lands under it), removed on drop.
struct Home(PathBuf);

impl Home {
    fn new(name: &str) -> Home {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("repl_terminal")
            .join(name);
        let _ = std::fs::remove_dir_all(&dir);
        assert!(std::fs::create_dir_all(&dir).is_ok());
        Home(dir)
    }

    fn history(&self) -> PathBuf {
        self.0.join("data").join("lyncshell").join("history")
    }
}

impl Drop for Home {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Starts `lyncshell` (the REPL) on a pseudo-terminal, or `None` (after saying so) when the
/// system cannot provide one.
fn start(home: &Home, colour: bool) -> Option<PtySession> {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lyncshell"));
    cmd.env("HOME", &home.0)
        .env("XDG_DATA_HOME", home.0.join("data"))
        .env("TERM", "xterm")
        .env_remove("NO_COLOR");
    if !colour {
        cmd.env("NO_COLOR", "1");
    }
    let options = rexpect::reader::Options::new().timeout_ms(Some(TIMEOUT_MS));
    match spawn_with_options(cmd, options) {
        Ok(mut s) => {
            wait(&mut s, PROMPT);
            Some(s)
        }
        Err(e) => {
            eprintln!("SKIPPED: cannot open a pseudo-terminal: {e}");
            None
        }
    }
}

/// Waits for `needle`, returning everything read before it.
fn wait(s: &mut PtySession, needle: &str) -> String {
    match s.exp_string(needle) {
        Ok(before) => before,
        Err(e) => panic!("waiting for {needle:?}: {e}"),
    }
}

fn send(s: &mut PtySession, text: &str) {
    assert!(s.send(text).is_ok(), "writing to the terminal");
    assert!(s.flush().is_ok());
}

/// Leaves the shell and waits for it to end.
fn quit(mut s: PtySession) {
    send(&mut s, "exit\r");
    let _ = s.exp_eof();
}

/// True when `text` holds an SGR colour sequence (`ESC [ … m`).
fn has_colour(text: &str) -> bool {
    text.match_indices("\x1b[").any(|(i, _)| {
        text[i + 2..]
            .chars()
            .find(|c| !(c.is_ascii_digit() || *c == ';'))
            .is_some_and(|c| c == 'm')
    })
}

#[test]
fn tab_completes_names_parameters_values_and_identities() {
    let home = Home::new("complete");
    let Some(mut s) = start(&home, false) else {
        return;
    };
    // A cmdlet name: the typed prefix alone is no command, the completed one runs.
    send(&mut s, "Get-CsAccessEdgeConfigur\t");
    send(
        &mut s,
        " | ForEach-Object { 'FED=' + $_.AllowFederatedUsers }\r",
    );
    wait(&mut s, "FED=False");
    wait(&mut s, PROMPT);
    // A parameter name and a user's SIP address.
    send(&mut s, "Get-CsUser -Identi\t");
    send(&mut s, " sip:kenm\t");
    send(&mut s, " | ForEach-Object { 'DN=' + $_.DisplayName }\r");
    wait(&mut s, "DN=Ken Myer");
    wait(&mut s, PROMPT);
    // An enum value.
    send(
        &mut s,
        "New-CsHostingProvider -Identity P1 -ProxyFqdn p1.example.com -Enabled $true -VerificationLevel UseS\t",
    );
    send(
        &mut s,
        " | ForEach-Object { 'VL=' + $_.VerificationLevel }\r",
    );
    wait(&mut s, "VL=UseSourceVerification");
    wait(&mut s, PROMPT);
    // The provider just created is an identity now.
    send(&mut s, "Get-CsHostingProvider -Identity p\t");
    send(&mut s, " | ForEach-Object { 'PF=' + $_.ProxyFqdn }\r");
    wait(&mut s, "PF=p1.example.com");
    wait(&mut s, PROMPT);
    quit(s);
}

#[test]
fn continuation_lines_and_did_you_mean() {
    let home = Home::new("multiline");
    let Some(mut s) = start(&home, false) else {
        return;
    };
    send(&mut s, "foreach ($n in 1..2) {\r");
    wait(&mut s, ">> ");
    send(&mut s, "  'line-' + ($n * 10)\r");
    wait(&mut s, ">> ");
    send(&mut s, "}\r");
    wait(&mut s, "line-10");
    wait(&mut s, "line-20");
    wait(&mut s, PROMPT);
    send(&mut s, "Get-CsUsr\r");
    wait(&mut s, "is not recognized as the name of a cmdlet");
    wait(&mut s, "Did you mean one of: Get-CsUser");
    wait(&mut s, PROMPT);
    send(&mut s, "Get-CsUser -Identiy x\r");
    wait(&mut s, "Did you mean: -Identity?");
    wait(&mut s, PROMPT);
    quit(s);
}

#[test]
fn colour_on_a_terminal_and_off_with_no_color() {
    let home = Home::new("colour");
    let Some(mut s) = start(&home, true) else {
        return;
    };
    // What is read before the command's output is the line editor echoing the typed line.
    send(
        &mut s,
        "Get-CsUser -Identity 'sip:kenmyer@litwareinc.com' -Verbose:$false; 'mark' + 'er-1'\r",
    );
    let echoed = wait(&mut s, "marker-1");
    assert!(has_colour(&echoed), "no colour on a terminal: {echoed:?}");
    quit(s);

    let Some(mut s) = start(&home, false) else {
        return;
    };
    send(
        &mut s,
        "Get-CsUser -Identity 'sip:kenmyer@litwareinc.com' -Verbose:$false; 'mark' + 'er-2'\r",
    );
    let echoed = wait(&mut s, "marker-2");
    assert!(!has_colour(&echoed), "colour despite NO_COLOR: {echoed:?}");
    quit(s);
}

/// Without a terminal (pipes), no colour and no line-editor escapes at all.
#[test]
fn no_colour_without_a_terminal() {
    use std::io::Write;
    let home = Home::new("pipes");
    let child = Command::new(env!("CARGO_BIN_EXE_lyncshell"))
        .env("HOME", &home.0)
        .env("XDG_DATA_HOME", home.0.join("data"))
        .env("TERM", "xterm")
        .env_remove("NO_COLOR")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn();
    let Ok(mut child) = child else {
        panic!("the lyncshell binary starts");
    };
    if let Some(mut stdin) = child.stdin.take() {
        let _ =
            stdin.write_all(b"Get-CsUser -Identity sip:kenmyer@litwareinc.com\nGet-CsUsr\nexit\n");
    }
    let out = child.wait_with_output().expect("the REPL ends");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stdout.contains("sip:kenmyer@litwareinc.com"), "{stdout}");
    assert!(!stdout.contains('\x1b'), "escapes on a pipe: {stdout:?}");
    assert!(!stderr.contains('\x1b'), "escapes on a pipe: {stderr:?}");
    assert!(
        stderr.contains("Did you mean one of: Get-CsUser"),
        "{stderr}"
    );
}

#[test]
fn history_survives_sessions_with_up_arrow_and_ctrl_r() {
    let home = Home::new("history");
    let Some(mut s) = start(&home, false) else {
        return;
    };
    send(&mut s, "'ctrl' + '-r-found'\r");
    wait(&mut s, "ctrl-r-found");
    wait(&mut s, PROMPT);
    send(&mut s, "'up' + '-arrow'\r");
    wait(&mut s, "up-arrow");
    wait(&mut s, PROMPT);
    quit(s);
    let saved = std::fs::read_to_string(home.history()).unwrap_or_default();
    assert!(saved.contains("'up' + '-arrow'"), "history file: {saved:?}");

    // A new session: Up recalls the last line of the previous one, Ctrl-R finds an older one.
    let Some(mut s) = start(&home, false) else {
        return;
    };
    send(&mut s, "\x1b[A");
    send(&mut s, "\r");
    wait(&mut s, "up-arrow");
    wait(&mut s, PROMPT);
    send(&mut s, "\x12");
    send(&mut s, "ctrl' +");
    send(&mut s, "\r");
    wait(&mut s, "ctrl-r-found");
    wait(&mut s, PROMPT);
    quit(s);
}
