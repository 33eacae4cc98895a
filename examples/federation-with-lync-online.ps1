# Configure federation with Lync Online and move a user to it (the seed workflow of
# "Configuring federation with Lync Online", run on the built-in Litware deployment).

# 1. The on-premises Edge federates and routes through DNS SRV records.
Set-CsAccessEdgeConfiguration -AllowOutsideUsers 1 -AllowFederatedUsers 1 -UseDnsSrvRouting

# 2. Lync Online as a hosting provider sharing the SIP address space.
New-CsHostingProvider -Identity LyncOnline -ProxyFqdn "sipfed.online.lync.com" -Enabled $true -EnabledSharedAddressSpace $true -HostsOCSUsers $true -VerificationLevel UseSourceVerification -IsLocal $false -AutodiscoverUrl https://webdir.online.lync.com/Autodiscover/AutodiscoverService.svc/root

# 3. Too early: the tenant does not share the SIP address space yet (fault 510).
Move-CsUser -Identity "sip:kenmyer@litwareinc.com" -Target sipfed.online.lync.com -Confirm:$false

# 4. Connect to Lync Online and share the SIP address space.
Import-Module LyncOnlineConnector
$cred = Get-Credential
$CSSession = New-CsOnlineSession -Credential $cred
Import-PSSession $CSSession -AllowClobber
Set-CsTenantFederationConfiguration -SharedSipAddressSpace $true

# 5. Now the move succeeds.
Move-CsUser -Identity "sip:kenmyer@litwareinc.com" -Target sipfed.online.lync.com -Confirm:$false
Get-CsUser -Identity "sip:kenmyer@litwareinc.com" | Select-Object DisplayName, RegistrarPool, HostingProvider
