Set-StrictMode -Version Latest
$script:DefaultPool = 'atl-cs-001.litwareinc.com'

function Get-LyncUserSummary {
    <#
    .SYNOPSIS
        Summarises Lync users.
    .EXAMPLE
        Get-LyncUserSummary -Pool pool01.contoso.com
    #>
    [CmdletBinding(DefaultParameterSetName = 'ByPool')]
    [OutputType([pscustomobject])]
    param (
        [Parameter(ParameterSetName = 'ByPool', ValueFromPipeline = $true, ValueFromPipelineByPropertyName)]
        [Alias('RegistrarPool')]
        [string[]] $Pool = $script:DefaultPool,

        [Parameter(ParameterSetName = 'ByUser')]
        [ValidateScript({ $_ -like 'sip:*' })]
        [string] $SipAddress,

        [ValidateRange(1, 1000)]
        [int] $First = 100
    )
    begin {
        $results = New-Object System.Collections.Generic.List[psobject]
        Write-Debug "Starting at $(Get-Date)"
    }
    process {
        foreach ($p in $Pool) {
            $users = Get-CsUser -Filter "RegistrarPool -eq '$p'" -ResultSize $First
            $results.Add([pscustomobject]@{
                Pool      = $p
                Count     = @($users).Count
                Enabled   = @($users | Where-Object Enabled).Count
                Timestamp = [datetime]::UtcNow
            })
        }
    }
    end {
        $results.ToArray()
    }
}

filter ConvertTo-SipUri { if ($_ -notmatch '^sip:') { "sip:$_" } else { $_ } }

function Test-Pool([string]$Name, [int]$Port = 5061) {
    $tcp = New-Object Net.Sockets.TcpClient
    try { $tcp.Connect($Name, $Port); return $true } catch { return $false } finally { $tcp.Dispose() }
}

Export-ModuleMember -Function Get-LyncUserSummary, Test-Pool -Alias *
