#Requires -Version 3.0
#Requires -Modules @{ ModuleName = 'Lync'; ModuleVersion = '5.0' }
Set-StrictMode -Version Latest

$script:ModuleRoot = $PSScriptRoot
$script:Config = $null
$global:LyncToolsLoaded = $true

Get-ChildItem -Path "$PSScriptRoot\Private\*.ps1", "$PSScriptRoot\Public\*.ps1" -ErrorAction SilentlyContinue |
    ForEach-Object {
        try { . $_.FullName }
        catch { Write-Error -Message "Failed to import $($_.FullName): $_" }
    }

function Get-LyncConfig {
    [CmdletBinding(DefaultParameterSetName = 'ByName')]
    [OutputType([hashtable])]
    param(
        [Parameter(ParameterSetName = 'ByName', Position = 0)]
        [ValidateNotNullOrEmpty()]
        [string]$Name = 'default',

        [Parameter(ParameterSetName = 'All')]
        [switch]$All,

        [ValidateSet('Json', 'Xml', IgnoreCase = $true)]
        [string]$Format = 'Json',

        [ValidateRange(1, 100)]
        [int]$Depth = 2
    )
    if ($null -eq $script:Config) {
        $script:Config = Get-Content -Raw -Path (Join-Path $script:ModuleRoot 'config.json') | ConvertFrom-Json
    }
    if ($PSCmdlet.ParameterSetName -eq 'All') { return $script:Config }
    $script:Config.$Name
}

function Set-LyncConfig {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true, ValueFromPipeline = $true)]
        [PSObject]$InputObject
    )
    process {
        if ($PSCmdlet.ShouldProcess('config', 'Set')) {
            $script:Config = $InputObject
        }
    }
}

New-Alias -Name glc -Value Get-LyncConfig -Force
Export-ModuleMember -Function Get-LyncConfig, Set-LyncConfig -Alias glc
$MyInvocation.MyCommand.ScriptBlock.Module.OnRemove = {
    Remove-Variable -Name LyncToolsLoaded -Scope Global -ErrorAction SilentlyContinue
}
