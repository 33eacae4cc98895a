using namespace System.Collections.Generic

[Flags()]
enum Permission {
    None = 0
    Read = 1
    Write = 2
    Execute = 4
    All = 7
}

enum Color { Red; Green; Blue }

class Node {
    [string]$Name
    hidden [int]$Id = 0
    static [int]$Count = 0
    [List[Node]]$Children = [List[Node]]::new()

    Node() { }
    Node([string]$name) {
        $this.Name = $name
        [Node]::Count++
    }

    [void] Add([Node]$child) { $this.Children.Add($child) }

    static [Node] Create([string]$name) {
        return [Node]::new($name)
    }

    [string] ToString() { return "Node($($this.Name))" }
}

class Leaf : Node {
    Leaf([string]$n) : base($n) { }
    [bool] IsLeaf() { return $true }
}

$root = [Node]::Create('root')
$root.Add([Leaf]::new('a'))
$perm = [Permission]'Read, Write'
if ($perm -band [Permission]::Write) { 'can write' }
[Color]::Red
