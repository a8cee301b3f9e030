"""Developer tooling that is not part of the product: the benchmark and the synthetic dossiers.

It lives outside ``build_tools/`` so the installed package holds only what builds a site.
Run it from the repository root (``python -m benchmarks.bench``,
``python -m benchmarks.synthetic``); the tests import it through pytest's ``pythonpath``.
"""
