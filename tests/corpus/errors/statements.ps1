if $x { }
try { }
$y = $a[
switch ($x) { default { } default { } }
