if ($x) {
    Get-CsUser
