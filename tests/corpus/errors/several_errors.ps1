Get-CsUser -Identity $x)
foreach ($u $users) { }
$h = @{ a 1 }
