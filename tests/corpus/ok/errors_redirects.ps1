try {
    $resp = Invoke-WebRequest -Uri $url -UseBasicParsing
}
catch [System.Net.WebException] {
    Write-Warning "Web error: $($_.Exception.Message)"
}
catch [System.IO.IOException], [System.UnauthorizedAccessException] {
    Write-Warning 'IO error'
}
catch {
    Write-Error $_
    throw
}
finally {
    if ($null -ne $resp) { $resp.Dispose() }
}

trap [System.Management.Automation.CommandNotFoundException] {
    Write-Warning "Missing command: $_"
    continue
}

& cmd.exe /c "dir C:\ 2>&1" 2>&1 | Out-File -FilePath "$env:TEMP\dir.log" -Append
Get-CsUser 2> $null
Start-Process -FilePath msiexec.exe -ArgumentList '/i', 'x.msi', '/qn' -Wait *> "$env:TEMP\install.log"
$null = New-Item -ItemType Directory -Path C:\Temp -Force
[void]$list.Add($item)
$list.Add($item) | Out-Null
Remove-Item $tmp -ErrorAction SilentlyContinue 3>&1 >> C:\logs\warn.log
if (-not $?) { exit $LASTEXITCODE }
$ErrorActionPreference = 'Stop'
exit 0
