Get-CsUser | | Set-CsUser
function { }
$z = "$name: text"
