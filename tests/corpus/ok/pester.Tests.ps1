$here = Split-Path -Parent $MyInvocation.MyCommand.Path
$sut = (Split-Path -Leaf $MyInvocation.MyCommand.Path) -replace '\.Tests\.', '.'
. "$here\$sut"
. $PSScriptRoot\helpers.ps1

Describe 'Get-LyncUserSummary' {
    BeforeAll {
        Mock Get-CsUser { @([pscustomobject]@{ SipAddress = 'sip:a@contoso.com'; Enabled = $true }) }
    }
    Context 'when the pool has users' {
        It 'returns one row per pool' {
            $r = Get-LyncUserSummary -Pool 'p1', 'p2'
            $r.Count | Should -Be 2
            $r[0].Pool | Should Be 'p1'
        }
        It 'throws on a bad address' {
            { Get-LyncUserSummary -SipAddress 'nope' } | Should -Throw
        }
        It 'calls Get-CsUser <Count> times' -TestCases @(@{ Count = 1 }, @{ Count = 2 }) {
            param($Count)
            Assert-MockCalled Get-CsUser -Times $Count -Exactly:$false
        }
    }
}
