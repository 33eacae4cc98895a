Configuration LyncFrontEnd {
    param(
        [Parameter(Mandatory)]
        [string[]]$NodeName,
        [pscredential]$Credential
    )
    Import-DscResource -ModuleName PSDesiredStateConfiguration
    Import-DscResource -ModuleName xPSDesiredStateConfiguration -ModuleVersion 3.0.0.0

    Node $NodeName {
        WindowsFeature NetFx {
            Ensure = 'Present'
            Name   = 'NET-Framework-45-Core'
        }
        File Share {
            DestinationPath = 'C:\LyncShare'
            Type            = 'Directory'
            Ensure          = 'Present'
            DependsOn       = '[WindowsFeature]NetFx'
        }
        Registry TlsSetting {
            Key       = 'HKLM:\SOFTWARE\Microsoft\.NETFramework\v4.0.30319'
            ValueName = 'SchUseStrongCrypto'
            ValueData = '1'
            ValueType = 'Dword'
        }
        Script Warmup {
            GetScript  = { @{ Result = (Test-Path C:\warm.txt) } }
            TestScript = { Test-Path C:\warm.txt }
            SetScript  = { New-Item C:\warm.txt -ItemType File | Out-Null }
        }
    }
}
$cd = @{
    AllNodes = @(
        @{ NodeName = '*'; PSDscAllowPlainTextPassword = $true }
        @{ NodeName = 'fe01'; Role = 'FrontEnd' }
    )
}
LyncFrontEnd -NodeName 'fe01' -ConfigurationData $cd -OutputPath C:\Dsc
Start-DscConfiguration -Path C:\Dsc -Wait -Verbose -Force
