"""Run inside a fresh interpreter by tests/golden/test_cases.py: import generated packages, describe them.

Usage: python -I case_driver.py <generated dir> [<check.py>]. Prints, for each package,
every exception class (base, documented status and code, docstring) and every public body
model with the keys its annotations resolve to, then runs the case's check.py. It is
a separate process so that importing hostile output cannot touch the test runner.
"""

from __future__ import annotations

import importlib
import runpy
import sys
import typing
from pathlib import Path


def describe(slug: str) -> None:
    package = importlib.import_module(slug)
    errors = importlib.import_module(f"{slug}.errors")
    models = importlib.import_module(f"{slug}.models")
    print(f"{slug}: {len(package.__all__)} names exported")
    for name in errors.__all__:
        cls = getattr(errors, name)
        if isinstance(cls, type) and issubclass(cls, BaseException):
            base = cls.__bases__[0].__name__
            if cls.__dict__.get("documented_status") is not None or base == "Exception":  # the classes the spec describes
                print(f"  class {name}({base}) status={cls.__dict__.get('documented_status')!r} "
                      f"code={cls.__dict__.get('documented_code')!r} doc={cls.__doc__!r}")
            else:
                print(f"  class {name}({base})")
    print(f"  ERRORS_BY_CODE keys: {list(errors.ERRORS_BY_CODE)!r}")
    for name, value in sorted(vars(models).items()):
        if typing.is_typeddict(value) and not name.startswith("_"):  # _XRequired: a base, not a model
            hints = typing.get_type_hints(value)  # evaluates every annotation: must execute nothing
            print(f"  model {name}: {', '.join(f'{key!r}: {hint!r}' for key, hint in hints.items())}")


def main() -> None:
    out = Path(sys.argv[1])
    sys.path.insert(0, str(out))
    for package in sorted(p.name for p in out.iterdir() if (p / "__init__.py").exists()):
        describe(package)
    if len(sys.argv) > 2:
        print("check.py:")
        runpy.run_path(sys.argv[2], run_name="__check__")
        print("  all checks passed")


if __name__ == "__main__":
    main()
