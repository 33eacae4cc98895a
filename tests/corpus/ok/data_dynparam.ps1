data messages {
    ConvertFrom-StringData @'
Hello = Hello there
Bye = Goodbye
'@
}
data -SupportedCommand ConvertFrom-Json { '{}' }
function Get-Dyn {
    [CmdletBinding()]
    param([string]$Kind)
    dynamicparam {
        $dict = New-Object System.Management.Automation.RuntimeDefinedParameterDictionary
        $attr = New-Object System.Management.Automation.ParameterAttribute
        $attr.Mandatory = $true
        $col = New-Object 'System.Collections.ObjectModel.Collection[System.Attribute]'
        $col.Add($attr)
        $p = New-Object System.Management.Automation.RuntimeDefinedParameter('Pool', [string], $col)
        $dict.Add('Pool', $p)
        return $dict
    }
    process { $PSBoundParameters['Pool'] }
}
