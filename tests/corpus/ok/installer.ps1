#Requires -RunAsAdministrator
param([string]$InstallDir = "${env:ProgramFiles(x86)}\Contoso\LyncTools")
$ErrorActionPreference = "Stop"
if (-not (Test-Path $InstallDir)) { New-Item -ItemType Directory -Path $InstallDir -Force | Out-Null }
$features = 'RSAT-ADDS', 'Web-Server', 'Web-Mgmt-Console'
Install-WindowsFeature -Name $features -IncludeManagementTools *> $null
& "$env:windir\system32\msiexec.exe" /i "$PSScriptRoot\ocscore.msi" /qn /l*v "$env:TEMP\ocscore.log" ADDLOCAL=ALL
$proc = Start-Process -FilePath setup.exe -ArgumentList '/silent', "/dir:$InstallDir" -Wait -PassThru
if ($proc.ExitCode -ne 0) { throw "Setup failed with exit code $($proc.ExitCode)" }
cmd /c "net stop RTCSRV" 2>&1 | Out-Null
robocopy.exe .\bin $InstallDir\bin /MIR /NFL /NDL 3>$null
icacls.exe $InstallDir --% /grant "Users":(OI)(CI)RX /T
$reg = 'HKLM:\SOFTWARE\Contoso\LyncTools'
New-ItemProperty -Path $reg -Name Version -Value '1.0' -PropertyType String -Force > $null
[Environment]::SetEnvironmentVariable('LYNCTOOLS', $InstallDir, [EnvironmentVariableTarget]::Machine)
$null = [System.Reflection.Assembly]::LoadWithPartialName('System.Windows.Forms')
[void][System.Windows.Forms.MessageBox]::Show("Installed to $InstallDir", 'Setup')
Write-Output "Exit: $LASTEXITCODE, last ok: $?, pid: $PID, $$ $^"
exit 0
