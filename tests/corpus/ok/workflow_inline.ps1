workflow Update-Pools {
    param([string[]]$Pools)
    foreach -parallel ($pool in $Pools) {
        $services = InlineScript {
            Import-Module Lync
            Get-CsService -PoolFqdn $using:pool
        }
        sequence {
            Write-Output "Updating $pool"
            Checkpoint-Workflow
        }
        parallel {
            InlineScript { Restart-Service RTCSRV } -PSComputerName $pool
            Write-Output 'done'
        }
    }
}
Update-Pools -Pools 'a.contoso.com', 'b.contoso.com'
