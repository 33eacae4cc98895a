#Requires -RunAsAdministrator
[CmdletBinding()]
param(
    [string]$InstallDir = (Join-Path $env:ProgramFiles 'LyncTools'),
    [switch]$Quiet
)

$ErrorActionPreference = 'Stop'
$isAdmin = ([Security.Principal.WindowsPrincipal][Security.Principal.WindowsIdentity]::GetCurrent()).IsInRole(
    [Security.Principal.WindowsBuiltInRole]::Administrator)
if (-not $isAdmin) {
    throw 'Run this installer as administrator.'
}

if (!(Test-Path -Path $InstallDir)) {
    New-Item -ItemType Directory -Path $InstallDir | Out-Null
}

$features = 'RSAT-ADDS', 'Web-Server', 'Web-Static-Content'
foreach ($feature in $features) {
    $state = Get-WindowsFeature -Name $feature
    if (-not $state.Installed) {
        Write-Host "Installing $feature..." -NoNewline
        $r = Install-WindowsFeature -Name $feature -IncludeManagementTools
        Write-Host $(if ($r.Success) { ' OK' } else { ' FAILED' }) -ForegroundColor $(if ($r.Success) { 'Green' } else { 'Red' })
    }
}

$msi = Join-Path $PSScriptRoot 'setup\ocscore.msi'
$log = "$env:TEMP\ocscore_$(Get-Date -Format yyyyMMddHHmmss).log"
$p = Start-Process -FilePath "$env:SystemRoot\System32\msiexec.exe" `
    -ArgumentList "/i `"$msi`" /qn /l*v `"$log`"" `
    -Wait -PassThru
if ($p.ExitCode -notin 0, 3010) {
    Write-Error "msiexec failed with $($p.ExitCode); see $log"
    exit $p.ExitCode
}

$regPath = 'HKLM:\SOFTWARE\Contoso\LyncTools'
New-Item -Path $regPath -Force | Out-Null
Set-ItemProperty -Path $regPath -Name InstallDir -Value $InstallDir
$envPath = [Environment]::GetEnvironmentVariable('Path', 'Machine')
if ($envPath -notlike "*$InstallDir*") {
    [Environment]::SetEnvironmentVariable('Path', "$envPath;$InstallDir", [EnvironmentVariableTarget]::Machine)
}
cmd /c "sc.exe config RTCSRV start= delayed-auto" | Out-Null
icacls.exe $InstallDir /grant "BUILTIN\Users:(OI)(CI)RX" /T /C /Q
robocopy.exe "$PSScriptRoot\files" $InstallDir /E /NFL /NDL /NJH /NJS
if ($LASTEXITCODE -ge 8) { exit $LASTEXITCODE }
Write-Host 'Done.' -ForegroundColor Green
