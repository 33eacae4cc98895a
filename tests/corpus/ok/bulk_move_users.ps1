<#
.SYNOPSIS
    Moves every user of one registrar pool to another.
.PARAMETER Source
    The pool to empty.
#>
#Requires -Version 3.0
#Requires -Modules Lync
[CmdletBinding(SupportsShouldProcess = $true)]
param(
    [Parameter(Mandatory = $true, Position = 0)]
    [ValidateNotNullOrEmpty()]
    [string]$Source,
    [Parameter(Mandatory)][string]$Target,
    [ValidateSet('Low', 'High')] [string] $Priority = 'Low',
    [switch]$Force
)
$ErrorActionPreference = 'Stop'
$log = Join-Path $env:TEMP "move-$(Get-Date -Format 'yyyyMMdd-HHmmss').log"
$users = @(Get-CsUser -Filter {RegistrarPool -eq $Source} -ErrorAction SilentlyContinue)
Write-Verbose "Found $($users.Count) users on $Source"
$i = 0
foreach ($u in $users) {
    $i++
    Write-Progress -Activity "Moving users" -Status $u.SipAddress -PercentComplete ($i / $users.Count * 100)
    if ($PSCmdlet.ShouldProcess($u.SipAddress, "Move to $Target")) {
        try {
            Move-CsUser -Identity $u.Identity -Target $Target -Confirm:$false -Force:$Force
            "{0},{1},OK" -f $u.SipAddress, $Target | Out-File -FilePath $log -Append
        }
        catch [Microsoft.Rtc.Management.ADConnect.Core.ADOperationException] {
            Write-Warning "AD error for $($u.SipAddress): $($_.Exception.Message)"
        }
        catch {
            "{0},{1},FAILED: {2}" -f $u.SipAddress, $Target, $_ >> $log
        }
        finally {
            Start-Sleep -Milliseconds 100
        }
    }
}
Write-Host ("Moved {0} users in {1:N1} s" -f $i, ((Get-Date) - $start).TotalSeconds) -ForegroundColor Green
