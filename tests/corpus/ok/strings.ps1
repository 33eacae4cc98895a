$name = 'Ken Myer'
$sq = 'It''s a single-quoted string with $no expansion'
$dq = "Tab`there, newline`n, quote `" and ""doubled"", dollar `$x, $name, ${name}, $($name.Length)"
$scoped = "User: $env:USERNAME on $global:host_name and $script:x; $($args[0])"
$nested = "Outer $("inner $("deepest $name") text") end"
$here = @"
Report for $name
  Generated: $(Get-Date -Format o)
  "quotes" and 'apostrophes' stay
"@
$literal = @'
No $expansion here, and "quotes" are fine.
'@
$smart = ‘smart single’ + “smart double $name”
Set-CsUser –Identity "sip:kenmyer@litwareinc.com" —EnterpriseVoiceEnabled $true
$regex = '^(?<user>[\w.-]+)@(?<dom>[\w.-]+)$'
if ("kenmyer@litwareinc.com" -cmatch $regex) { $Matches['user'] }
$parts = "a,b;c" -split '[,;]'
$joined = -join $parts
$split = -split "one two  three"
$r = "abc" -replace 'b', 'X' -ireplace 'C', "$name"
$path = "C:\Logs\$($name -replace ' ', '_').txt"
$fmt = '{0:D5}' -f 42
