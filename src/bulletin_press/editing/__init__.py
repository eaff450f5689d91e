"""The editor's tools: import, fix, scaffold."""
