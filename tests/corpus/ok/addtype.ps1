Add-Type -TypeDefinition @"
using System;
using System.Runtime.InteropServices;
public static class Native {
    [DllImport("kernel32.dll", SetLastError = true)]
    public static extern bool SetConsoleTitle(string title);
    public static string Hello(string name) { return "Hello " + name + "!"; }
}
"@
Add-Type -AssemblyName System.Web
Add-Type -Path "$PSScriptRoot\lib\Microsoft.Rtc.Management.dll" -ErrorAction SilentlyContinue
[Native]::Hello('world')
$sig = @'
[DllImport("user32.dll")]
public static extern bool ShowWindow(IntPtr hWnd, int nCmdShow);
'@
$type = Add-Type -MemberDefinition $sig -Name Win32ShowWindow -Namespace Win32 -PassThru
$null = $type::ShowWindow([IntPtr]::Zero, 0)
[System.Reflection.Assembly]::LoadWithPartialName('System.Windows.Forms') | Out-Null
$encoded = [System.Web.HttpUtility]::UrlEncode('a b&c')
