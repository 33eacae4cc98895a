//! AST shapes, one focused check per construct.

use super::ast::*;

fn statements(src: &str) -> Vec<Statement> {
    let out = super::parse(src);
    assert!(out.diagnostics.is_empty(), "{src:?}: {:?}", out.diagnostics);
    out.script
        .body
        .end
        .map(|b| b.statements)
        .unwrap_or_default()
}

fn one(src: &str) -> StatementKind {
    let mut s = statements(src);
    assert_eq!(s.len(), 1, "{src:?}: {s:?}");
    s.remove(0).kind
}

fn pipeline(src: &str) -> Pipeline {
    match one(src) {
        StatementKind::Pipeline(chain) => {
            assert!(chain.rest.is_empty());
            chain.first
        }
        other => panic!("{src:?}: not a pipeline: {other:?}"),
    }
}

fn expr(src: &str) -> ExprKind {
    let mut p = pipeline(src);
    assert_eq!(p.elements.len(), 1, "{src:?}");
    match p.elements.remove(0) {
        PipelineElement::Expression { expr, .. } => expr.kind,
        other => panic!("{src:?}: not an expression: {other:?}"),
    }
}

fn command(src: &str) -> Command {
    let mut p = pipeline(src);
    match p.elements.remove(0) {
        PipelineElement::Command(c) => c,
        other => panic!("{src:?}: not a command: {other:?}"),
    }
}

fn string_value(k: &ExprKind) -> &str {
    match k {
        ExprKind::String { value, .. } => value,
        other => panic!("not a string: {other:?}"),
    }
}

fn bad(src: &str) -> Vec<&'static str> {
    super::parse(src).diagnostics.iter().map(|d| d.id).collect()
}

#[test]
fn numbers() {
    assert_eq!(expr("1e-3"), ExprKind::Number(Number::Double(0.001)));
    assert_eq!(expr("0x1F"), ExprKind::Number(Number::Int32(31)));
    assert_eq!(expr("10GB"), ExprKind::Number(Number::Int64(10 << 30)));
    assert_eq!(expr(".5"), ExprKind::Number(Number::Double(0.5)));
    assert_eq!(expr("1."), ExprKind::Number(Number::Double(1.0)));
    assert_eq!(expr("0xFFFFFFFF"), ExprKind::Number(Number::Int32(-1)));
    assert!(matches!(
        expr("-0x10"),
        ExprKind::Unary {
            op: UnaryOp::Negate,
            ..
        }
    ));
}

#[test]
fn strings() {
    assert_eq!(string_value(&expr("'It''s'")), "It's");
    assert_eq!(string_value(&expr("\"a`tb\"")), "a\tb");
    assert_eq!(string_value(&expr("\"say \"\"hi\"\"\"")), "say \"hi\"");
    match expr("\"$env:ComputerName\\$user\"") {
        ExprKind::ExpandableString { parts, .. } => {
            assert_eq!(parts.len(), 3);
            assert!(matches!(&parts[0], StringPart::Variable { path, .. }
                if path.qualifier.as_deref() == Some("env") && path.name == "ComputerName"));
            assert_eq!(parts[1], StringPart::Text("\\".into()));
        }
        other => panic!("{other:?}"),
    }
    match expr("\"n: $($x.Prop[0].Method())\"") {
        ExprKind::ExpandableString { parts, .. } => {
            assert!(
                matches!(&parts[1], StringPart::Subexpression { statements, .. } if statements.len() == 1)
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        expr("@'\nraw $x\n'@"),
        ExprKind::String {
            quote: QuoteKind::HereSingle,
            ..
        }
    ));
    assert!(matches!(
        expr("@\"\nv $x\n\"@"),
        ExprKind::ExpandableString {
            quote: QuoteKind::HereDouble,
            ..
        }
    ));
}

#[test]
fn variables() {
    match expr("$script:count") {
        ExprKind::Variable(p) => {
            assert_eq!(p.qualifier.as_deref(), Some("script"));
            assert_eq!(p.name, "count");
        }
        other => panic!("{other:?}"),
    }
    match expr("${function:Get-X}") {
        ExprKind::Variable(p) => {
            assert_eq!(p.qualifier.as_deref(), Some("function"));
            assert_eq!(p.name, "Get-X");
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(expr("$_"), ExprKind::Variable(p) if p.name == "_"));
}

#[test]
fn casts_and_types() {
    match expr("[string][int]'5'") {
        ExprKind::Convert { type_name, expr } => {
            assert_eq!(type_name.name, "string");
            assert!(
                matches!(&expr.kind, ExprKind::Convert { type_name, .. } if type_name.name == "int")
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(
        matches!(expr("[ref]$x"), ExprKind::Convert { type_name, .. } if type_name.name == "ref")
    );
    match expr("[int]::MaxValue") {
        ExprKind::Member {
            target, is_static, ..
        } => {
            assert!(is_static);
            assert!(matches!(target.kind, ExprKind::TypeLiteral(_)));
        }
        other => panic!("{other:?}"),
    }
    match expr("[IO.Path]::Combine('a', 'b')") {
        ExprKind::InvokeMember {
            arguments,
            is_static,
            ..
        } => {
            assert!(is_static);
            assert_eq!(arguments.len(), 2);
        }
        other => panic!("{other:?}"),
    }
    match expr("[System.Collections.Generic.Dictionary[string,int]]::new()") {
        ExprKind::InvokeMember { target, .. } => match target.kind {
            ExprKind::TypeLiteral(t) => {
                assert_eq!(t.generic_args.len(), 2);
                assert_eq!(t.generic_args[0].name, "string");
            }
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    }
    assert!(
        matches!(expr("[string[]]$a"), ExprKind::Convert { type_name, .. } if type_name.array_ranks == vec![1])
    );
    assert!(
        matches!(expr("[void]$list.Add(1)"), ExprKind::Convert { expr, .. }
        if matches!(expr.kind, ExprKind::InvokeMember { .. }))
    );
}

#[test]
fn members_and_indexes() {
    assert!(matches!(expr("$a[0..3]"), ExprKind::Index { index, .. }
        if matches!(index.kind, ExprKind::Binary { op: BinaryOp::Range, .. })));
    assert!(
        matches!(expr("$h.'quoted key'"), ExprKind::Member { member, .. }
        if matches!(&member.kind, ExprKind::String { value, .. } if value == "quoted key"))
    );
    assert!(
        matches!(expr("$obj.$propName"), ExprKind::Member { member, .. }
        if matches!(member.kind, ExprKind::Variable(_)))
    );
    assert!(
        matches!(expr("$a.b.c()"), ExprKind::InvokeMember { target, .. }
        if matches!(target.kind, ExprKind::Member { .. }))
    );
}

#[test]
fn operators_and_precedence() {
    // -and binds looser than comparison.
    match expr("$a -eq 1 -and $b -ne 2") {
        ExprKind::Binary {
            op: BinaryOp::And,
            left,
            right,
        } => {
            assert!(matches!(
                left.kind,
                ExprKind::Binary {
                    op: BinaryOp::Compare(CompareOp::Eq, CaseMode::Default),
                    ..
                }
            ));
            assert!(matches!(
                right.kind,
                ExprKind::Binary {
                    op: BinaryOp::Compare(CompareOp::Ne, _),
                    ..
                }
            ));
        }
        other => panic!("{other:?}"),
    }
    // Comma binds tighter than +.
    assert!(
        matches!(expr("1,2 + 3"), ExprKind::Binary { op: BinaryOp::Add, left, .. }
        if matches!(left.kind, ExprKind::ArrayLiteral(_)))
    );
    // -f binds tighter than +.
    assert!(matches!(
        expr("'{0}' -f 1 + 2"),
        ExprKind::Binary {
            op: BinaryOp::Add,
            ..
        }
    ));
    // An operator at the end of a line continues the expression.
    assert!(matches!(
        expr("$a -and\n  $b"),
        ExprKind::Binary {
            op: BinaryOp::And,
            ..
        }
    ));
    assert!(matches!(
        expr("!$x"),
        ExprKind::Unary {
            op: UnaryOp::Not,
            ..
        }
    ));
    assert!(
        matches!(expr("-not(Test-Path x)"), ExprKind::Unary { op: UnaryOp::Not, expr }
        if matches!(expr.kind, ExprKind::Paren(_)))
    );
    assert!(matches!(
        expr("$x -ceq 'A'"),
        ExprKind::Binary {
            op: BinaryOp::Compare(CompareOp::Eq, CaseMode::Sensitive),
            ..
        }
    ));
    assert!(matches!(
        expr("-split 'a b'"),
        ExprKind::Unary {
            op: UnaryOp::Split,
            ..
        }
    ));
    assert!(matches!(
        expr("$i++"),
        ExprKind::Unary {
            op: UnaryOp::PostIncrement,
            ..
        }
    ));
}

#[test]
fn hashtables_and_arrays() {
    match expr("@{\n a = 1 # comment\n 'b c' = @{ d = 2 }\n}") {
        ExprKind::Hashtable(entries) => assert_eq!(entries.len(), 2),
        other => panic!("{other:?}"),
    }
    assert!(matches!(expr("@(1; 2)"), ExprKind::ArraySubexpression(s) if s.len() == 2));
    assert!(
        matches!(expr("[ordered]@{a=1}"), ExprKind::Convert { expr, .. }
        if matches!(expr.kind, ExprKind::Hashtable(_)))
    );
    assert!(matches!(
        expr(",1"),
        ExprKind::Unary {
            op: UnaryOp::Comma,
            ..
        }
    ));
}

#[test]
fn commands() {
    let c = command("Get-CsUser -Identity:ken -Verbose:$false site:Redmond");
    assert_eq!(string_value(&c.name.kind), "Get-CsUser");
    assert_eq!(c.elements.len(), 3);
    assert!(
        matches!(&c.elements[0], CommandElement::Parameter { name, argument: Some(_), .. } if name == "Identity")
    );
    assert!(matches!(
        &c.elements[1],
        CommandElement::Parameter {
            colon: true,
            argument: Some(_),
            ..
        }
    ));
    assert!(matches!(&c.elements[2], CommandElement::Argument(e)
        if matches!(&e.kind, ExprKind::String { value, quote: QuoteKind::Bare } if value == "site:Redmond")));

    let c = command("& \"$PSScriptRoot\\x.ps1\" @args");
    assert_eq!(c.invocation, Invocation::Call);
    assert!(
        matches!(&c.elements[0], CommandElement::Argument(e) if matches!(e.kind, ExprKind::Splat(_)))
    );

    let c = command(". .\\common.ps1");
    assert_eq!(c.invocation, Invocation::DotSource);

    let c = command("Get-X 2>&1");
    assert!(matches!(
        c.redirections[0].target,
        RedirectTarget::Stream(RedirectStream::Output)
    ));
    assert_eq!(c.redirections[0].from, RedirectStream::Error);

    let c = command("Set-X -Value 1,2,3");
    assert!(
        matches!(&c.elements[1], CommandElement::Argument(e) if matches!(&e.kind, ExprKind::ArrayLiteral(v) if v.len() == 3))
    );

    let c = command("Write-Host -5");
    assert!(
        matches!(&c.elements[0], CommandElement::Argument(e) if matches!(e.kind, ExprKind::Unary { op: UnaryOp::Negate, .. }))
    );

    let p = pipeline("Get-X | Out-Null");
    assert_eq!(p.elements.len(), 2);
    let p = pipeline("Get-X |\n  Where-Object { $_ } |\n  Out-File x.txt");
    assert_eq!(p.elements.len(), 3);
}

#[test]
fn assignments() {
    match one("$null = New-Item x") {
        StatementKind::Assignment { target, op, value } => {
            assert_eq!(op, AssignOp::Assign);
            assert!(matches!(target.kind, ExprKind::Variable(_)));
            assert!(matches!(value.kind, StatementKind::Pipeline(_)));
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        one("$x += 1"),
        StatementKind::Assignment {
            op: AssignOp::Add,
            ..
        }
    ));
    assert!(
        matches!(one("$x = if ($a) { 1 } else { 2 }"), StatementKind::Assignment { value, .. }
        if matches!(value.kind, StatementKind::If { .. }))
    );
    assert!(
        matches!(one("[int]$x = 5"), StatementKind::Assignment { target, .. }
        if matches!(target.kind, ExprKind::Convert { .. }))
    );
}

#[test]
fn control_flow() {
    assert!(
        matches!(one("if ($a) { } elseif ($b) { } else { }"), StatementKind::If { clauses, else_block: Some(_) } if clauses.len() == 2)
    );
    assert!(
        matches!(one(":outer foreach ($x in (Get-Thing)) { continue outer }"),
        StatementKind::Foreach(f) if f.label.as_deref() == Some("outer"))
    );
    assert!(matches!(
        one("for (;;) { break }"),
        StatementKind::For {
            init: None,
            condition: None,
            iterator: None,
            ..
        }
    ));
    assert!(matches!(
        one("while (($line = $r.ReadLine()) -ne $null) { }"),
        StatementKind::While { .. }
    ));
    assert!(matches!(
        one("do { } until ($x)"),
        StatementKind::DoUntil { .. }
    ));
    assert!(matches!(
        one("do { } while ($x)"),
        StatementKind::DoWhile { .. }
    ));
    match one("switch -regex -file $f { '^a' { 1 } default { 2 } }") {
        StatementKind::Switch(s) => {
            assert_eq!(s.flags, vec!["regex".to_string(), "file".to_string()]);
            assert_eq!(s.clauses.len(), 1);
            assert!(s.default.is_some());
        }
        other => panic!("{other:?}"),
    }
    match one("try { } catch [System.Net.WebException] { } catch { } finally { }") {
        StatementKind::Try {
            catches, finally, ..
        } => {
            assert_eq!(catches.len(), 2);
            assert_eq!(catches[0].types[0].name, "System.Net.WebException");
            assert!(catches[1].types.is_empty());
            assert!(finally.is_some());
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        one("exit $LASTEXITCODE"),
        StatementKind::Exit(Some(_))
    ));
    assert!(matches!(one("return"), StatementKind::Return(None)));
    assert!(matches!(one("throw 'x'"), StatementKind::Throw(Some(_))));
    assert!(matches!(
        one("trap [Exception] { continue }"),
        StatementKind::Trap {
            type_name: Some(_),
            ..
        }
    ));
}

#[test]
fn functions() {
    let src = "function Remove-X {\n [CmdletBinding(SupportsShouldProcess)]\n [OutputType([string])]\n param(\n  [Parameter(Mandatory)]\n  [ValidateScript({ $_ -gt 0 })]\n  [ValidatePattern('^a')]\n  [int]$N = 1\n )\n begin { } process { $input } end { }\n}";
    match one(src) {
        StatementKind::Function(f) => {
            assert_eq!(f.name, "Remove-X");
            assert_eq!(f.body.attributes.len(), 2);
            let pb = f.body.param_block.as_ref().expect("param block");
            assert_eq!(pb.parameters.len(), 1);
            assert_eq!(pb.parameters[0].attributes.len(), 4);
            assert!(
                matches!(&pb.parameters[0].attributes[0], AttributeOrType::Attribute(a)
                if a.named.len() == 1 && a.named[0].name == "Mandatory" && a.named[0].value.is_none())
            );
            assert!(pb.parameters[0].default.is_some());
            assert!(f.body.begin.is_some() && f.body.process.is_some() && f.body.end.is_some());
        }
        other => panic!("{other:?}"),
    }
    assert!(
        matches!(one("function f($a, [int]$b = 2) { }"), StatementKind::Function(f) if f.parameters.len() == 2)
    );
    assert!(
        matches!(one("filter F { $_ }"), StatementKind::Function(f) if f.kind == FunctionKind::Filter)
    );
    assert!(
        matches!(one("workflow W { InlineScript { 1 } }"), StatementKind::Function(f) if f.kind == FunctionKind::Workflow)
    );
}

#[test]
fn script_blocks() {
    let c = command("Invoke-Command -ScriptBlock { param($a) $a } -ArgumentList 1");
    assert!(matches!(&c.elements[1], CommandElement::Argument(e)
        if matches!(&e.kind, ExprKind::ScriptBlock(sb) if sb.param_block.is_some())));
}

#[test]
fn types_and_configuration() {
    match one("[Flags()] enum P { A = 1\n B = 2 }") {
        StatementKind::TypeDefinition(t) => {
            assert!(t.is_enum);
            assert_eq!(t.attributes.len(), 1);
            assert_eq!(t.members.len(), 2);
        }
        other => panic!("{other:?}"),
    }
    match one("class C : B { static [C] Make() { return [C]::new() } [string]$Name }") {
        StatementKind::TypeDefinition(t) => {
            assert!(!t.is_enum);
            assert_eq!(t.bases.len(), 1);
            assert!(matches!(
                &t.members[0],
                TypeMember::Method {
                    is_static: true,
                    ..
                }
            ));
            assert!(matches!(&t.members[1], TypeMember::Property { .. }));
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        one("configuration C { Node localhost { File f { Ensure = 'Present' } } }"),
        StatementKind::Configuration { .. }
    ));
}

#[test]
fn requires_and_comments() {
    let out = super::parse("#Requires -Version 3.0\n<# help #>\n#region x\nGet-X\n#endregion\n");
    assert!(out.diagnostics.is_empty());
    assert_eq!(out.script.requires.len(), 1);
    assert_eq!(out.script.requires[0].text, "-Version 3.0");
}

#[test]
fn errors_have_powershell_ids() {
    assert_eq!(bad("if ($a) {"), vec!["MissingEndCurlyBrace"]);
    assert_eq!(bad("'abc"), vec!["TerminatorExpectedAtEndOfString"]);
    assert_eq!(bad("$x = "), vec!["ExpectedValueExpression"]);
    assert_eq!(bad("Get-X |"), vec!["EmptyPipeElement"]);
    assert!(
        bad("1 +").contains(&"ExpectedValueExpression")
            || bad("1 +").contains(&"MissingExpressionAfterOperator")
    );
}

#[test]
fn parameter_lists_without_progress_terminate() {
    // `param($(` used to loop forever, pushing empty parameters until memory ran out.
    for src in [
        "param($(",
        "param($()",
        "param([int]$(1))",
        "function f($(1)) { }",
        "class C { M($(1)) { } }",
    ] {
        let out = super::parse(src);
        assert!(!out.diagnostics.is_empty(), "{src:?}");
    }
}
