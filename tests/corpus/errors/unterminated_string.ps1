$s = "unterminated
Get-CsUser
