$params = @{
    Identity      = 'sip:kenmyer@litwareinc.com'
    RegistrarPool = 'atl-cs-001.litwareinc.com'
    SipAddressType = 'EmailAddress'
}
Enable-CsUser @params -WhatIf
New-CsExternalAccessPolicy @params -EnableFederationAccess:$true
Get-CsUser |
    Where-Object { $_.Enabled } |
    Sort-Object -Property DisplayName `
        -Descending |
    Select-Object -First 10 `
        -Property DisplayName, SipAddress
Get-ChildItem -Path C:\Logs\*.log -Recurse | Remove-Item -WhatIf
Get-CsClientPolicy -Identity site:Redmond | Set-CsClientPolicy -EnableSQMData $false
Get-Process | Sort-Object WS -Descending | Select-Object -First 5 | Format-Table -AutoSize Name, @{ Label = 'MB'; Expression = { [int]($_.WS / 1MB) } }
Invoke-WebRequest -Uri https://lyncdiscover.contoso.com/autodiscover?sipuri=ken@contoso.com -UseBasicParsing | Out-Null
Test-CsRegistration -TargetFqdn atl-cs-001.litwareinc.com -UserSipAddress sip:kenmyer@litwareinc.com -UserCredential $cred 2>&1 | Tee-Object -Variable out
Grant-CsConferencingPolicy -Identity "Ken Myer" -PolicyName $null
Write-Output 1.2.3.4 10.0.0.1 -5 0x10 $a,$b @(1,2) (Get-Date).Year $env:TEMP\x.txt
Get-CsAdUser -Filter {Department -eq "Finance"} | Enable-CsUser -RegistrarPool "atl-cs-001.litwareinc.com" -SipAddressType SamAccountName -SipDomain litwareinc.com
