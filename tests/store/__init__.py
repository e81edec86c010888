"""Store tests (a package, so that its modules share `link_cases`)."""
