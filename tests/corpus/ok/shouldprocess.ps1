function Remove-StaleUser {
    [CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'High')]
    param(
        [Parameter(Mandatory, ValueFromPipelineByPropertyName)]
        [Alias('SipAddress')]
        [string[]]$Identity,
        [switch]$Force
    )
    begin {
        $count = 0
        if ($Force -and -not $PSBoundParameters.ContainsKey('Confirm')) {
            $ConfirmPreference = 'None'
        }
    }
    process {
        foreach ($id in $Identity) {
            if ($PSCmdlet.ShouldProcess($id, 'Disable-CsUser')) {
                Disable-CsUser -Identity $id -ErrorAction Stop
                $count++
            }
        }
    }
    end {
        Write-Verbose ("Removed {0} user(s)" -f $count)
    }
}

function Measure-Input {
    begin { $total = 0 }
    process { $total += $_ }
    end {
        foreach ($i in $input) { $total += $i }
        $total
    }
}

filter Select-Enabled { if ($_.Enabled) { $_ } }

Get-CsUser | Select-Enabled | Remove-StaleUser -WhatIf
1..10 | Measure-Input
