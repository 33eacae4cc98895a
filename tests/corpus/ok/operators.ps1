$a = 5; $b = 10
$c = $a + $b * 2 - ($b / $a) % 3
$a += 1; $a -= 1; $a *= 2; $a /= 2; $a %= 3
$a++; $b--; ++$a; --$b
$bits = 0xFF -band 0x0F -bor 0x100 -bxor 1
$s = -bnot 0 -shl 2 -shr 1
$t = !$true -or -not $false -and $true -xor $false
$cmp = 1 -eq 1 -and 'A' -ieq 'a' -and 'A' -cne 'a' -and 3 -gt 2 -and 2 -ge 2 -and 1 -lt 2 -and 1 -le 1
$like = 'abc' -like 'a*' -and 'abc' -notlike 'x*' -and 'abc' -match 'b' -and 'abc' -notmatch 'x'
$coll = 1, 2, 3 -contains 2 -and 4 -notin 1, 2 -and 2 -in 1, 2 -and @(1) -notcontains 5
$type = $a -is [int] -and $a -isnot [string] -and ('5' -as [int]) -eq 5
$nums = 1e5, 1.5e-3, .5, 10kb, 1MB, 2GB, 5L, 1.5d, 0x1F, 0xFFFFFFFF, -1, +2
$arr = @(); $arr = @(1); $arr = ,1; $arr = 1, 2, 3; $empty = @{}
$ordered = [ordered]@{ b = 2; a = 1 }
$h = @{ 'quoted key' = 1; 2 = 'two'; "x$a" = 3
    multi = @(
        1,
        2
    )
}
$h.Keys | ForEach-Object { $h[$_] }
$g = [guid]::NewGuid().ToString('N').Substring(0, 8).ToUpper()
$len = $h.'quoted key' + $h."multi".Count
$m = [math]::Max([math]::Min(1, 2), 3)
$null = $arr.Where({ $_ -gt 1 }).ForEach({ $_ * 2 })
$first, $rest = 1, 2, 3
$x = $y = 0
$z = $null ?? 'default'; $z ??= 'other'
$tern = $a -gt 1 ? 'big' : 'small'
$n = $obj?.Name; $e = $list?[0]
Get-Item . && Write-Host ok || Write-Host failed
[void]$arr.Count; [int]$i = '5'; [string[]]$names = 'a', 'b'
$sb = { param($x) $x * 2 }; & $sb 3; . $sb 4
$range = 1..$b; $rev = $b..1
"${a}th" | Out-Null
