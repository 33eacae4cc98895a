Configuration LyncFrontEnd
{
    param ([string[]]$NodeName = 'localhost', [PSCredential]$Credential)
    Import-DscResource -ModuleName PSDesiredStateConfiguration
    Node $NodeName
    {
        WindowsFeature NetFramework
        {
            Ensure = 'Present'
            Name   = 'NET-Framework-45-Core'
        }
        File SetupFolder {
            Ensure          = "Present"
            Type            = "Directory"
            DestinationPath = "C:\LyncSetup"
            DependsOn       = "[WindowsFeature]NetFramework"
        }
        Script CheckTopology {
            GetScript  = { @{ Result = (Get-CsTopology -AsXml) } }
            TestScript = { $false }
            SetScript  = { Publish-CsTopology -FileName C:\topology.xml -Force }
        }
    }
}
LyncFrontEnd -OutputPath C:\Dsc -ConfigurationData @{ AllNodes = @(@{ NodeName = '*'; PSDscAllowPlainTextPassword = $true }) }
