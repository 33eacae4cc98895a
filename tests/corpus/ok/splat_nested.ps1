$mailParams = @{
    To         = 'ops@contoso.com', 'lync@contoso.com'   # two recipients
    From       = "lync-report@$env:USERDNSDOMAIN"
    Subject    = "Lync report $(Get-Date -Format 'yyyy-MM-dd')"
    SmtpServer = 'smtp.contoso.com'
    # the body is built below
    BodyAsHtml = $true
    Headers    = @{
        'X-Priority' = '1'
        'X-Source'   = @{ Host = $env:COMPUTERNAME; Script = $MyInvocation.MyCommand.Name }
    }
}
$mailParams.Body = $html
$mailParams['Attachments'] = @("$PSScriptRoot\report.csv")
Send-MailMessage @mailParams

$common = @{ ErrorAction = 'Stop'; Verbose = $VerbosePreference -eq 'Continue' }
Get-CsPool @common | ForEach-Object { Get-CsService -PoolFqdn $_.Fqdn @common }

$args2 = @('-NoProfile', '-File', "$PSScriptRoot\child.ps1")
& powershell.exe @args2
& "$PSScriptRoot\Invoke-Child.ps1" @args
. .\common.ps1
. "$PSScriptRoot\lib\helpers.ps1"
$props = [ordered]@{
    Name  = $user.DisplayName
    'SIP Address' = $user.SipAddress
}
New-Object -TypeName PSObject -Property $props
