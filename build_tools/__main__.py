"""Entry point for ``python -m build_tools``."""

from build_tools.cli import main

main()
