//! Tokens of PowerShell (written by the parser issue).
