:outer foreach ($pool in Get-CsPool) {
    :inner for ($i = 0; $i -lt 10; $i++) {
        if ($i -eq 5) { continue outer }
        elseif ($i -gt 8) { break inner }
    }
}
for (;;) { break }
for ($i = 0
     $i -lt 3
     $i++) { $i }
while ($true) { if ((Get-Random -Maximum 10) -gt 7) { break } }
do { $n = Read-Host 'Number' } while ($n -notmatch '^\d+$')
do { $x-- } until ($x -le 0)
switch -Regex -CaseSensitive ($line) {
    '^Error' { $errors++; break }
    '^Warn(ing)?' { $warnings++ }
    { $_.Length -gt 100 } { 'long line' }
    default { }
}
switch -wildcard ('a.contoso.com', 'b.fabrikam.com') { '*.contoso.com' { 'contoso' } '*.fabrikam.com' { 'fabrikam' } }
switch (1, 2, 3) { 1 { 'one' } 2 { 'two' }; 3 { 'three' } }
switch -file C:\log.txt { 'x' { } }
trap [System.Management.Automation.CommandNotFoundException] { Write-Warning 'missing'; continue }
trap { "Error: $_"; break }
$result = if ($a) { 1 } else { 2 }
$items = foreach ($x in 1..3) { $x * 2 }
$val = switch ($x) { 1 { 'a' } default { 'b' } }
try { 1 / 0 } catch [System.DivideByZeroException], [System.OverflowException] { 'math' } catch { throw } finally { 'done' }
return
