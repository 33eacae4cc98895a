$here = Split-Path -Parent $MyInvocation.MyCommand.Path
$sut = (Split-Path -Leaf $MyInvocation.MyCommand.Path) -replace '\.Tests\.', '.'
. "$here\$sut"

Describe 'Get-PoolReport' -Tag 'Unit' {
    BeforeAll {
        $script:pools = @('a.contoso.com', 'b.contoso.com')
    }
    BeforeEach {
        Mock Get-CsPool { [pscustomobject]@{ Fqdn = 'a.contoso.com'; Services = @() } }
        Mock -CommandName Write-Host -MockWith {} -ParameterFilter { $Object -like '*error*' }
    }
    AfterEach { Remove-Variable -Name result -ErrorAction SilentlyContinue }

    Context 'when pools exist' {
        It 'returns one row per pool' {
            $result = Get-PoolReport
            $result | Should -Not -BeNullOrEmpty
            $result.Count | Should -Be 1
            $result[0].Fqdn | Should -BeExactly 'a.contoso.com'
            Assert-MockCalled Get-CsPool -Times 1 -Exactly -Scope It
        }
        It 'handles <Name>' -TestCases @(
            @{ Name = 'one'; Expected = 1 }
            @{ Name = 'two'; Expected = 2 }
        ) {
            param($Name, $Expected)
            $Name.Length | Should -BeGreaterThan 0
            $Expected | Should BeOfType [int]
        }
    }
    Context 'errors' {
        It 'throws on bad input' {
            { Get-PoolReport -Pool '' } | Should -Throw -ExpectedMessage '*empty*'
            { Get-PoolReport -Pool $null } | Should Throw
        }
        It 'is pending' -Pending {}
        It 'is skipped' -Skip:($PSVersionTable.PSVersion.Major -lt 4) {
            $true | Should Be $true
        }
    }
}
InModuleScope MyModule {
    Describe 'internal' {
        It 'works' { Get-Internal | Should -Match '^ok' }
    }
}
