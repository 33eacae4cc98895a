# Statements that end with their own closing brace need no ';' before the next statement.
function Get-PoolName { 'pool01.contoso.com' } Get-PoolName
if ($env:LYNC_DEBUG) { Write-Verbose 'debug on' } Write-Output 'checked'
foreach ($n in 1..2) { $n } 'after loop'
try { Get-CsPool -ErrorAction Stop } catch { 'no pool' } finally { 'done' } 'after try'
do { $i++ } while ($i -lt 3) "i=$i"
switch ('sip') { 'sip' { 1 } } 'after switch'
workflow Set-Sites {
    parallel { 'north' } foreach -parallel ($s in 'a', 'b') { $s } sequence { 'last' }
}
