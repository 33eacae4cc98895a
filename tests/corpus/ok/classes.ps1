using namespace System.Collections.Generic
using module .\Lync.Helpers.psm1

enum PoolRole { FrontEnd; Edge = 2; Mediation }
[Flags()] enum Modality { None = 0; IM = 1; Audio = 2; Video = 4 }

class LyncPool {
    [string] $Fqdn
    [PoolRole] $Role = [PoolRole]::FrontEnd
    hidden [List[string]] $Users = [List[string]]::new()
    static [int] $Count = 0

    LyncPool([string]$fqdn) {
        $this.Fqdn = $fqdn
        [LyncPool]::Count++
    }

    [void] AddUser([string]$sip) {
        if ([string]::IsNullOrWhiteSpace($sip)) { throw [ArgumentException]::new('sip') }
        $this.Users.Add($sip)
    }

    [string] ToString() { return "$($this.Fqdn) ($($this.Users.Count) users)" }

    static [LyncPool] Parse([string]$text) {
        return [LyncPool]::new($text.Trim())
    }
}

class EdgePool : LyncPool {
    [int[]] $Ports = @(443, 5061)
    EdgePool([string]$fqdn) : base($fqdn) { $this.Role = 'Edge' }
}

$p = [LyncPool]::Parse(' pool01.contoso.com ')
$p.AddUser('sip:ken@contoso.com')
$d = [Dictionary[string, int]]::new()
$list = [System.Collections.Generic.List[System.Management.Automation.PSObject]]::new()
$x = [System.Collections.Generic.Dictionary[string,int]]@{}
$arr = New-Object 'string[]' 5
[int[]]$nums = 1..5
$nums[-1], $nums[0..2] | Out-Null
