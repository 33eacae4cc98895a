<#
.SYNOPSIS
    Exports Lync user settings to CSV.
.DESCRIPTION
    Reads every enabled user from the pool and writes one line per user.
.PARAMETER Pool
    The registrar pool FQDN.
.EXAMPLE
    .\Export-LyncUsers.ps1 -Pool pool01.contoso.com -Path C:\temp\users.csv
.NOTES
    Version 1.2
#>
[CmdletBinding()]
param(
    # The pool to read from
    [Parameter(Mandatory)]
    [ValidatePattern('^[a-z0-9.-]+$')]
    [string]$Pool,

    <# Where to write #>
    [Parameter(Mandatory = $false, Position = 1)]
    [ValidateScript({ Test-Path (Split-Path $_ -Parent) })]
    [string]$Path = "$env:TEMP\users.csv"
)

#region Helpers
function Get-UserLine {
    <#
    .SYNOPSIS
        One CSV line.
    #>
    [OutputType([string])]
    param([Parameter(ValueFromPipeline = $true)] $User)
    process {
        '{0};{1};{2}' -f $User.SipAddress, $User.DisplayName, $User.RegistrarPool
    }
}
#endregion

#region Main
$users = Get-CsUser -Filter { RegistrarPool -eq $Pool }
$users | Get-UserLine | Out-File -FilePath $Path -Encoding UTF8
Write-Verbose "Wrote $($users.Count) users to $Path"
#endregion
