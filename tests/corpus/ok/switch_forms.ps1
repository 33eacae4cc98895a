switch -regex -file $logFile {
    '^ERROR (\d+)' { $errors += [int]$matches[1] }
    '^WARN' { $warnings++ }
    default { }
}
switch -wildcard ($name) {
    'sip:*' { 'sip' ; break }
    '*@contoso.com' { 'internal' }
    { $_.Length -gt 20 } { 'long' }
    default { 'other' }
}
switch ($code) {
    1 { 'one' }
    2 { 'two' }
    {$_ -in 3, 4} { 'three or four' }
    'text' { 'text' }
    $null { 'null' }
}
switch -exact -casesensitive ($value) { 'A' { 1 } 'a' { 2 } }
$kind = switch ($x) { { $_ -is [int] } { 'int' } default { 'other' } }
switch (1, 2, 3) { { $_ % 2 } { "odd $_" } default { "even $_" } }
