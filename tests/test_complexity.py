"""No function of ``build_tools/`` is too branchy to read: cyclomatic complexity (radon) at
most :data:`MAX_COMPLEXITY`, as ``radon cc -s build_tools`` reports it."""

from __future__ import annotations

from pathlib import Path

from radon.complexity import add_inner_blocks, cc_visit
from radon.visitors import Function

import build_tools

MAX_COMPLEXITY = 15
PACKAGE = Path(build_tools.__file__).parent


def too_complex(source: str, where: str) -> list[str]:
    """``where:line name (complexity)`` for each function or method of ``source`` (closures
    included) whose complexity is above :data:`MAX_COMPLEXITY`."""
    blocks = add_inner_blocks(cc_visit(source))
    return [f"{where}:{block.lineno} {block.fullname} ({block.complexity})"
            for block in sorted(blocks, key=lambda b: b.lineno)
            if isinstance(block, Function) and block.complexity > MAX_COMPLEXITY]


def test_no_function_above_max_complexity() -> None:
    found = [entry
             for path in sorted(PACKAGE.rglob("*.py"))
             for entry in too_complex(path.read_text(encoding="utf-8"),
                                      path.relative_to(PACKAGE.parent).as_posix())]
    assert not found, (f"cyclomatic complexity above {MAX_COMPLEXITY}; split these into "
                       "short functions:\n" + "\n".join(found))


def test_reports_each_function_above_max_complexity() -> None:
    branches = "".join(f"    if x == {i}:\n        return {i}\n" for i in range(MAX_COMPLEXITY))
    source = (f"def branchy(x):\n{branches}    return -1\n\n\n"
              f"def fine(x):\n    return x\n\n\n"
              f"class Holder:\n    def method(self, x):\n{branches.replace('    ', '        ')}"
              "        return -1\n")
    assert too_complex(source, "m.py") == ["m.py:1 branchy (16)", "m.py:40 Holder.method (16)"]
