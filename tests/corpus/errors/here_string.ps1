@"
not terminated
