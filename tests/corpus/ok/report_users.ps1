# Voice report, grouped by policy
$report = Get-CsUser -Filter {EnterpriseVoiceEnabled -eq $true} |
    Select-Object DisplayName, SipAddress, LineURI,
        @{Name = 'Policy'; Expression = { if ($_.VoicePolicy) { $_.VoicePolicy.ToString() } else { 'Global' } }},
        @{n='Ext';e={($_.LineURI -split 'ext=')[-1]}} |
    Sort-Object Policy, DisplayName
$report | Group-Object Policy | ForEach-Object {
    "{0,-30} {1,5}" -f $_.Name, $_.Count
}
$report | Export-Csv -Path "C:\Reports\voice_$((Get-Date).ToString('yyyy-MM-dd')).csv" -NoTypeInformation -Encoding UTF8
$html = $report | ConvertTo-Html -Title 'Voice users' -PreContent '<h1>Voice users</h1>' | Out-String
$total = ($report | Measure-Object).Count
$byPool = @{}
foreach ($r in $report) { $byPool[$r.RegistrarPool] += 1 }
$byPool.GetEnumerator() | Sort-Object Value -Descending | Select-Object -First 5
$size = (Get-ChildItem C:\Reports -Recurse | Measure-Object -Property Length -Sum).Sum / 1MB
if ($size -gt 50MB -or $total -ge 0x1F) { Write-Warning ("Reports use {0:N2} MB" -f $size) }
Get-CsUser | ? { $_.SipAddress -match '^sip:(?<user>[^@]+)@(?<domain>.+)$' } | % { $Matches.domain } | Sort-Object -Unique
