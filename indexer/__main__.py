"""`python -m indexer`: see indexer/cli.py."""

from .cli import main

main()
