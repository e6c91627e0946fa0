"""`python -m indexer`: see indexer/cli.py."""

from .cli import main

# Guarded: the Dask LocalCluster's workers are spawned processes that import this module again.
if __name__ == "__main__":
    main()
