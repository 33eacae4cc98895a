$head = @"
<style>
  body { font-family: Segoe UI; }
  td, th { border: 1px solid #ccc; padding: 4px; }
</style>
"@
$rows = foreach ($u in Get-CsUser -ResultSize Unlimited) {
    [pscustomobject]@{
        Name     = $u.DisplayName
        Sip      = $u.SipAddress -replace '^sip:'
        Pool     = $u.RegistrarPool
        Enabled  = if ($u.Enabled) { 'Yes' } else { 'No' }
        LastSeen = ($stats | Where-Object { $_.UserName -eq $u.SipAddress } | Select-Object -First 1).LastLogon
    }
}
$grouped = $rows | Group-Object -Property Pool | Sort-Object Count -Descending
$summary = $grouped | ForEach-Object {
    "<tr><td>$($_.Name)</td><td>$($_.Count)</td></tr>"
}
$html = $rows | ConvertTo-Html -Head $head -Title 'Lync users' -PreContent "<h1>Users on $(hostname)</h1>" |
    Out-String
$html = $html -replace '<td>No</td>', '<td style="color:red">No</td>'
$html | Set-Content -Path "$PSScriptRoot\report.html" -Encoding UTF8
$rows | Export-Csv -Path "$PSScriptRoot\report.csv" -NoTypeInformation -Delimiter ';'
$total = ($rows | Measure-Object).Count
$enabled = @($rows | Where-Object Enabled -eq 'Yes').Count
'{0:P1} of {1} users enabled' -f ($enabled / [math]::Max($total, 1)), $total
$sb = New-Object System.Text.StringBuilder
[void]$sb.AppendLine('Report')
[void]$sb.AppendFormat('{0} users', $total)
$sb.ToString()
