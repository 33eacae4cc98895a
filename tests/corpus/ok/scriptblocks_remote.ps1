$session = New-PSSession -ComputerName $server -Credential $cred
Invoke-Command -Session $session -ScriptBlock {
    param($a, $b)
    Import-Module Lync
    Get-CsUser -Identity $a | Select-Object -First $b
} -ArgumentList 'ken@contoso.com', 1
Invoke-Command -ComputerName $servers -ScriptBlock { Get-Service -Name $using:svc }
$job = Start-Job -ScriptBlock { param($p) Get-CsPool -Identity $p } -ArgumentList $pool
Wait-Job $job | Receive-Job
Remove-PSSession $session
$sb = { param([int]$n = 2) $n * 2 }
& $sb 5
$sb.Invoke(3)
$result = . { $x = 1; $x + 1 }
$filter = { $_.Enabled -and $_.SipAddress -like '*@contoso.com' }
Get-CsUser | Where-Object $filter
Get-CsUser | ? Enabled | % { $_.SipAddress }
Get-CsUser | Where Enabled -eq $true | Select -Expand SipAddress
Get-ChildItem | Sort-Object @{ Expression = { $_.Length }; Descending = $true }, Name
Select-Object -Property Name, @{ Name = 'SizeMB'; Expression = { [math]::Round($_.Length / 1MB, 2) } }
$counts = @{}
Get-CsUser | ForEach-Object -Begin { $i = 0 } -Process { $i++ } -End { $i }
