$user = "ken"
$path = "$env:ComputerName\$user"
$share = "\\$server\c$\logs"
$msg = "Pool: $($pool.Fqdn.ToUpper()) first: $($pools[0].Services[1].ToString())"
$msg2 = "Users: $($x.Prop[0].Method())"
$msg3 = "Scoped $script:counter and $global:Config and ${env:ProgramFiles(x86)}"
$msg4 = "Price: `$5 and a tab`tand a quote `" and ""doubled"""
$literal = 'It''s a $literal'
$sql = @"
SELECT *
FROM Users
WHERE Pool = '$($pool.Fqdn)'
  AND Created > '$(Get-Date (Get-Date).AddDays(-7) -Format s)'
"@
$inner = @"
Outer text
$(
    $lines = @'
single $notexpanded
'@
    $lines.Trim()
)
"@
$text = @'
Here "quotes" and 'single' and $dollar
'@
$fmt = "{0,-30} {1,10:N2} {2}" -f `
    $name, `
    $size / 1MB, `
    (Get-Date)
$long = 'Line one ' +
    'line two ' +
    "line three $user"
Write-Host ("{0} of {1}" -f $i, $total) -ForegroundColor Cyan
"Email: $($u.SipAddress -replace '^sip:', '')"
"Array: $($list -join ', ')"
"Nested: $("inner $("deep $user")")"
$email = "$user@contoso.com"
$drive = "$($env:SystemDrive)\Program Files"
