Write-Host 'this is a very long line with an error at the end, far beyond column sixty nine' )
