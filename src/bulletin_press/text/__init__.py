"""Chinese text: character classes, line joining, inline markup."""
