:outer foreach ($pool in (Get-CsPool)) {
    :inner for ($i = 0; $i -lt $pool.Computers.Count; $i++) {
        if ($pool.Computers[$i] -like '*test*') { continue outer }
        if ($i -gt 10) { break inner }
    }
}
for (;;) {
    if ((Get-Random -Maximum 10) -gt 8) { break }
}
for ($i = 0, $j = 10; $i -lt $j; $i++, $j--) { "$i $j" }
$reader = New-Object System.IO.StreamReader($path)
while (($line = $reader.ReadLine()) -ne $null) {
    if ($line -match '^\s*#') { continue }
    $lines += $line
}
$reader.Close()
do {
    $attempt++
    Start-Sleep -Seconds 1
} while ($attempt -lt 5 -and
    -not (Test-Connection -ComputerName $server -Count 1 -Quiet))
do { $x-- } until ($x -le 0)
foreach ($x in 1..3) { $x }
foreach ($entry in $table.GetEnumerator()) { "$($entry.Key) = $($entry.Value)" }
while ($true) { break }
$ok = $a -and
    $b -or
    $c
$items = Get-ChildItem -Path C:\logs -Filter *.log |
    Where-Object { $_.LastWriteTime -lt (Get-Date).AddDays(-30) } |
    Sort-Object -Property Length -Descending
