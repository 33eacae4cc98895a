# Variable spellings real scripts use: an empty scope qualifier names the plain variable.
$pools = 'pool01.contoso.com', 'pool02.contoso.com'
foreach ($:pool in $pools) {
    Write-Output "checking $:pool"
    ${:count} += 1
}
$:last = $pools[-1]
"$:last / ${:count}"
