$a = 1 +
$b = -
Get-CsUser | 
