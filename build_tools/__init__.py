"""Static site generator for the annotated S-400 dossier.

The pipeline (see ``build.py``): read YAML and article texts, check them, resolve
cross-links into a :class:`~build_tools.resolve.Dossier`, render pages in memory,
then write only what changed under the generated sections of ``docs/``.
"""
