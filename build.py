"""Folio's command-line entry point: see `python build.py --help`."""

from folio.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
