# A class deriving from a base class and implementing interfaces: the commas separate the
# names (they are not an assembly-qualified type name).
class PoolProbe : System.Object, System.IDisposable, System.IComparable {
    [string] $Fqdn
    PoolProbe([string] $fqdn) { $this.Fqdn = $fqdn }
    [void] Dispose() { }
    [int] CompareTo([object] $other) { return 0 }
}
class SecondaryProbe : PoolProbe {
    SecondaryProbe([string] $fqdn) : base($fqdn) { }
}
$probe = [SecondaryProbe]::new('pool01.contoso.com')
$probe.Dispose()
