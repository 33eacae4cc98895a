//! `lyncshell run FILE…`, `lyncshell -c COMMANDS` and the REPL: thin clients of [`Engine`].

use std::path::PathBuf;

use crate::engine::{Engine, EngineOptions};

/// Options shared by `run`, `-c` and the REPL.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    pub credential: Option<String>,
    /// `--confirm yes|no`: the answer to confirmation prompts when nobody is at a terminal.
    pub confirm: Option<bool>,
    pub max_steps: Option<u64>,
    pub max_depth: Option<usize>,
    pub max_output: Option<u64>,
    pub width: Option<usize>,
    /// `--state FILE`: the deployment to start from.
    pub state: Option<PathBuf>,
    /// `--save FILE`: where to write the final deployment (atomically).
    pub save: Option<PathBuf>,
    /// `--journal FILE.json`: where to write the invocation journal.
    pub journal: Option<PathBuf>,
    /// `--culture en-US|zh-TW|fr-FR`.
    pub culture: Option<crate::runtime::interp::Culture>,
}

/// Parses the run options out of `args`, returning the remaining (positional) arguments or a
/// usage message.
pub fn parse_options(args: &[String]) -> Result<(RunOptions, Vec<String>), String> {
    let mut opts = RunOptions::default();
    let mut rest = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        let mut value = |name: &str| -> Result<String, String> {
            i += 1;
            args.get(i)
                .cloned()
                .ok_or_else(|| format!("{} needs a value", name))
        };
        match a.as_str() {
            "--credential" => opts.credential = Some(value("--credential")?),
            "--state" => opts.state = Some(PathBuf::from(value("--state")?)),
            "--save" => opts.save = Some(PathBuf::from(value("--save")?)),
            "--journal" => opts.journal = Some(PathBuf::from(value("--journal")?)),
            "--culture" => {
                let v = value("--culture")?;
                opts.culture =
                    Some(crate::runtime::interp::Culture::parse(&v).ok_or_else(|| {
                        format!("--culture takes en-US, zh-TW or fr-FR, not '{}'", v)
                    })?);
            }
            "--confirm" => {
                let v = value("--confirm")?;
                opts.confirm = Some(match v.to_ascii_lowercase().as_str() {
                    "yes" | "y" => true,
                    "no" | "n" => false,
                    _ => return Err(format!("--confirm takes yes or no, not '{}'", v)),
                });
            }
            "--max-steps" => {
                let v = value("--max-steps")?;
                opts.max_steps = Some(
                    v.parse()
                        .map_err(|_| format!("--max-steps takes a number, not '{}'", v))?,
                );
            }
            "--max-depth" => {
                let v = value("--max-depth")?;
                opts.max_depth = Some(
                    v.parse()
                        .map_err(|_| format!("--max-depth takes a number, not '{}'", v))?,
                );
            }
            "--max-output" => {
                let v = value("--max-output")?;
                opts.max_output = Some(
                    v.parse()
                        .map_err(|_| format!("--max-output takes a number, not '{}'", v))?,
                );
            }
            "--width" => {
                let v = value("--width")?;
                opts.width = Some(
                    v.parse()
                        .map_err(|_| format!("--width takes a number, not '{}'", v))?,
                );
            }
            s if s.starts_with("--") => return Err(format!("unknown option '{}'", s)),
            _ => rest.push(a.clone()),
        }
        i += 1;
    }
    Ok((opts, rest))
}

/// Builds the session: the deployment from `--state` (or the built-in Litware one), the
/// options and the sandbox directory. A bad state file is a usage error (exit 2).
fn engine(opts: &RunOptions, echo: bool, interactive: bool) -> Result<Engine, i32> {
    let mut eo = EngineOptions {
        echo,
        interactive,
        ..EngineOptions::default()
    };
    if let Some(w) = opts.width {
        eo.width = w;
    }
    if let Some(s) = opts.max_steps {
        eo.limits.max_steps = s;
    }
    if let Some(d) = opts.max_depth {
        eo.limits.max_call_depth = d;
    }
    if let Some(o) = opts.max_output {
        eo.limits.max_output = o;
    }
    let mut e = Engine::with_options(eo);
    if let Some(path) = &opts.state {
        match crate::state::load(path) {
            Ok(d) => e.set_deployment(d),
            Err(err) => {
                eprintln!("lyncshell: {}", err);
                return Err(2);
            }
        }
    }
    e.set_credential(opts.credential.clone());
    if opts.journal.is_some() {
        e.set_journal(true);
    }
    if let Some(c) = opts.culture {
        e.set_culture(c);
    }
    if let Some(c) = opts.confirm {
        e.set_confirm_default(c);
    }
    if let Ok(dir) = std::env::current_dir() {
        e.set_workdir(Some(dir));
    }
    Ok(e)
}

/// Writes the final deployment for `--save` (a failure leaves the old file untouched) and the
/// journal for `--journal`.
fn save(opts: &RunOptions, e: &Engine) -> Result<(), i32> {
    if let Some(path) = &opts.journal {
        let text = serde_json::to_string_pretty(e.journal()).unwrap_or_default();
        if let Err(err) = crate::state::write_atomically(path, text.as_bytes()) {
            eprintln!("lyncshell: cannot write the journal: {}", err);
            return Err(2);
        }
    }
    if let Some(path) = &opts.save
        && let Err(err) = crate::state::save(path, e.deployment())
    {
        eprintln!("lyncshell: {}", err);
        return Err(2);
    }
    Ok(())
}

/// `lyncshell run FILE…`: 0 when no error record was written, 1 when one was, 2 for usage
/// problems (unreadable file).
pub fn run_files(args: &[String]) -> i32 {
    let (opts, files) = match parse_options(args) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("lyncshell run: {}", e);
            return 2;
        }
    };
    if files.is_empty() {
        eprintln!("lyncshell run: no script given (usage: lyncshell run FILE.ps1 [FILE…])");
        return 2;
    }
    let mut sources = Vec::new();
    for f in &files {
        match std::fs::read_to_string(f) {
            Ok(s) => sources.push((f.clone(), s)),
            Err(e) => {
                eprintln!("lyncshell run: cannot read '{}': {}", f, e);
                return 2;
            }
        }
    }
    let mut e = match engine(&opts, true, false) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let mut failed = false;
    let mut exit = None;
    for (name, src) in sources {
        let origin = display_path(&name);
        let outcome = e.run_file(&origin, &src);
        failed |= !outcome.succeeded();
        if let Some(code) = outcome.exit_code {
            exit = Some(code);
            break;
        }
    }
    if let Err(code) = save(&opts, &e) {
        return code;
    }
    match exit {
        Some(code) if code != 0 => code,
        _ => i32::from(failed),
    }
}

/// The path shown in `At FILE:LINE` positions: the absolute path, as PowerShell shows it.
fn display_path(name: &str) -> String {
    let p = PathBuf::from(name);
    let abs = if p.is_absolute() {
        p
    } else {
        std::env::current_dir().map(|d| d.join(&p)).unwrap_or(p)
    };
    abs.to_string_lossy().into_owned()
}

/// `lyncshell -c 'COMMANDS'`.
pub fn run_command(args: &[String]) -> i32 {
    let (opts, rest) = match parse_options(args) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("lyncshell: {}", e);
            return 2;
        }
    };
    let Some(cmd) = rest.first() else {
        eprintln!("lyncshell: -c needs a command string");
        return 2;
    };
    let mut e = match engine(&opts, true, false) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let outcome = e.run_script(cmd);
    if let Err(code) = save(&opts, &e) {
        return code;
    }
    match outcome.exit_code {
        Some(c) => c,
        None => i32::from(!outcome.succeeded()),
    }
}

/// True when colour should be used: a terminal, and `NO_COLOR` unset.
pub fn use_colour() -> bool {
    use std::io::IsTerminal;
    std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal()
}

/// The interactive shell.
pub fn repl(args: &[String]) -> i32 {
    use std::cell::RefCell;
    use std::rc::Rc;

    let (opts, _) = match parse_options(args) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("lyncshell: {}", e);
            return 2;
        }
    };
    let mut opts = opts;
    // `--state FILE` in the REPL is a lab: loaded if it exists, saved on exit.
    if let Some(p) = &opts.state {
        if !p.exists() {
            opts.save = Some(p.clone());
            opts.state = None;
        } else if opts.save.is_none() {
            opts.save = Some(p.clone());
        }
    }
    let engine = match engine(&opts, true, true) {
        Ok(e) => Rc::new(RefCell::new(e)),
        Err(code) => return code,
    };
    let colour = use_colour();
    let config = rustyline::Config::builder().auto_add_history(false).build();
    let mut rl: rustyline::Editor<
        crate::repl::helper::LyncHelper,
        rustyline::history::DefaultHistory,
    > = match rustyline::Editor::with_config(config) {
        Ok(r) => r,
        Err(err) => {
            eprintln!("lyncshell: cannot start the line editor: {}", err);
            return 2;
        }
    };
    rl.set_helper(Some(crate::repl::helper::LyncHelper::new(
        engine.clone(),
        colour,
    )));
    let history = history_path();
    if let Some(h) = &history {
        let _ = rl.load_history(h);
    }
    println!(
        "Lync Server Management Shell emulator (lyncshell {}): nothing here touches a real server.",
        env!("CARGO_PKG_VERSION")
    );
    println!("Tab completes commands, parameters and values; exit or Ctrl-D leaves.\n");
    let mut buffer = String::new();
    loop {
        let prompt = if buffer.is_empty() {
            "PS C:\\Users\\Administrator> "
        } else {
            ">> "
        };
        match rl.readline(prompt) {
            Ok(line) => {
                if buffer.is_empty() && line.trim().eq_ignore_ascii_case("exit") {
                    break;
                }
                if !buffer.is_empty() {
                    buffer.push('\n');
                }
                buffer.push_str(&line);
                // An open brace, string or a trailing backtick asks for another line; an
                // empty line ends a continued command, as in PowerShell.
                if crate::syntax::parse(&buffer).is_incomplete() && !line.trim().is_empty() {
                    continue;
                }
                let _ = rl.add_history_entry(buffer.as_str());
                if let Some(h) = &history {
                    if let Some(dir) = h.parent() {
                        let _ = std::fs::create_dir_all(dir);
                    }
                    let _ = rl.append_history(h);
                }
                let outcome = engine.borrow_mut().run_script(&buffer);
                buffer.clear();
                for rec in &outcome.errors {
                    let found = engine.borrow_mut().suggestions(rec);
                    if let Some(text) = crate::repl::suggest::line(&found) {
                        use owo_colors::OwoColorize;
                        if colour {
                            eprintln!("{}", text.yellow());
                        } else {
                            eprintln!("{}", text);
                        }
                    }
                }
                if outcome.exit_code.is_some() {
                    break;
                }
            }
            Err(rustyline::error::ReadlineError::Interrupted) => {
                buffer.clear();
            }
            Err(_) => break,
        }
    }
    match save(&opts, &engine.borrow()) {
        Ok(()) => 0,
        Err(code) => code,
    }
}

/// `$XDG_DATA_HOME/lyncshell/history` or `~/.local/share/lyncshell/history`.
pub fn history_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))?;
    Some(base.join("lyncshell").join("history"))
}

/// `lyncshell plan SCRIPT.ps1 [--state FILE] [--format json]`: exit 0 = no changes,
/// 2 = changes, 1 = the script would fail. Nothing is saved.
pub fn plan(args: &[String]) -> i32 {
    let mut json = false;
    let mut rest = Vec::new();
    let mut i = 0;
    while i < args.len() {
        if args[i] == "--format" {
            match args.get(i + 1).map(|s| s.as_str()) {
                Some("json") => json = true,
                Some("text") => json = false,
                other => {
                    eprintln!(
                        "lyncshell plan: --format takes text or json, not '{}'",
                        other.unwrap_or("")
                    );
                    return 64;
                }
            }
            i += 2;
            continue;
        }
        rest.push(args[i].clone());
        i += 1;
    }
    let (mut opts, files) = match parse_options(&rest) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("lyncshell plan: {}", e);
            return 64;
        }
    };
    opts.save = None;
    let [file] = files.as_slice() else {
        eprintln!(
            "lyncshell plan: give exactly one script (usage: lyncshell plan SCRIPT.ps1 [--state FILE] [--format json])"
        );
        return 64;
    };
    let src = match std::fs::read_to_string(file) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("lyncshell plan: cannot read '{}': {}", file, e);
            return 64;
        }
    };
    let e = match engine(&opts, false, false) {
        Ok(e) => e,
        Err(_) => return 64,
    };
    let plan = e.plan(Some(&display_path(file)), &src);
    if json {
        println!("{}", plan.to_json());
    } else {
        print!("{}", plan.render());
    }
    plan.exit_code()
}

/// `lyncshell check SCRIPT.ps1… [--format json]`: 0 = nothing found, 1 = findings,
/// 64 = usage problems.
pub fn check(args: &[String]) -> i32 {
    let mut json = false;
    let mut files = Vec::new();
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--format" => {
                match args.get(i + 1).map(|s| s.as_str()) {
                    Some("json") => json = true,
                    Some("text") => json = false,
                    other => {
                        eprintln!(
                            "lyncshell check: --format takes text or json, not '{}'",
                            other.unwrap_or("")
                        );
                        return 64;
                    }
                }
                i += 2;
                continue;
            }
            s if s.starts_with("--") => {
                eprintln!("lyncshell check: unknown option '{}'", s);
                return 64;
            }
            f => files.push(f.to_string()),
        }
        i += 1;
    }
    if files.is_empty() {
        eprintln!(
            "lyncshell check: no script given (usage: lyncshell check SCRIPT.ps1… [--format json])"
        );
        return 64;
    }
    let mut findings = Vec::new();
    for f in &files {
        let src = match std::fs::read_to_string(f) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("lyncshell check: cannot read '{}': {}", f, e);
                return 64;
            }
        };
        let mut e = Engine::new();
        findings.extend(e.check(f, &src));
    }
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&findings).unwrap_or_default()
        );
    } else {
        for f in &findings {
            println!("{}", f.render());
        }
        println!(
            "{} file{} checked, {} finding{}",
            files.len(),
            if files.len() == 1 { "" } else { "s" },
            findings.len(),
            if findings.len() == 1 { "" } else { "s" }
        );
    }
    i32::from(!findings.is_empty())
}

/// `lyncshell test DIR [--update]`: replays every `X.ps1` that has an `X.out`, prints a diff
/// for each mismatch and ends with `N passed, M failed`. Exit 0 when all pass, 1 otherwise.
pub fn test(args: &[String]) -> i32 {
    let update = args.iter().any(|a| a == "--update");
    let dirs: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    if let Some(bad) = args
        .iter()
        .find(|a| a.starts_with("--") && *a != "--update")
    {
        eprintln!("lyncshell test: unknown option '{}'", bad);
        return 64;
    }
    let [dir] = dirs.as_slice() else {
        eprintln!("lyncshell test: give one directory (usage: lyncshell test DIR [--update])");
        return 64;
    };
    let dir = PathBuf::from(dir);
    if !dir.is_dir() {
        eprintln!("lyncshell test: '{}' is not a directory", dir.display());
        return 64;
    }
    let base = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let report = crate::replay::run_dir(&dir, &base, update);
    for c in &report.cases {
        match &c.failure {
            None => println!("ok   {}", c.script.display()),
            Some(f) => println!("FAIL {}\n{}", c.script.display(), f),
        }
    }
    println!("{}", report.summary());
    i32::from(report.failed() > 0)
}

/// `lyncshell parse FILE… [--quiet]`: syntax only. Exit 0 when every file parses cleanly,
/// 1 when any has a parse error, 2 when a file cannot be read or the command line is wrong.
pub fn parse(args: &[String]) -> i32 {
    use std::io::Write;
    let mut quiet = false;
    let mut files = Vec::new();
    for a in args {
        match a.as_str() {
            "--quiet" | "-q" => quiet = true,
            s if s.starts_with("--") => {
                eprintln!("lyncshell parse: unknown option '{s}'");
                return 2;
            }
            s => files.push(s),
        }
    }
    if files.is_empty() {
        eprintln!("lyncshell parse: no files given (usage: lyncshell parse [--quiet] FILE…)");
        return 2;
    }
    let mut with_errors = 0;
    let mut unreadable = false;
    let stderr = std::io::stderr();
    for f in &files {
        let bytes = match std::fs::read(f) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("lyncshell parse: cannot read {f}: {e}");
                unreadable = true;
                continue;
            }
        };
        let src = String::from_utf8_lossy(&bytes);
        let out = crate::syntax::parse(&src);
        if !out.diagnostics.is_empty() {
            with_errors += 1;
            if !quiet {
                let text = crate::syntax::diagnostics::render(&out.diagnostics, &src, Some(f));
                let mut h = stderr.lock();
                let _ = writeln!(h, "{text}");
            }
        }
    }
    if quiet {
        println!("{} files, {} with errors", files.len(), with_errors);
    }
    if unreadable {
        2
    } else {
        i32::from(with_errors > 0)
    }
}
