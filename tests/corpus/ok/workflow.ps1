workflow Update-LyncServers {
    param([string[]]$Computers)
    foreach -parallel ($c in $Computers) {
        sequence {
            InlineScript { Stop-CsWindowsService -ComputerName $using:c }
            Restart-Computer -PSComputerName $c -Wait -For PowerShell -Force
        }
    }
    parallel {
        Get-CsPool
        Get-CsService -Registrar
    }
}
