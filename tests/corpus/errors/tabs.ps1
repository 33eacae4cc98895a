	Get-CsUser	-Identity	$u )
