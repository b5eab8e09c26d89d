"""PyInstaller runtime hook: runs inside the bundle before ``ygclient.cli`` is imported.

It tells ``ygclient.paths`` where the installed program lives, so that a ``portable.txt``
next to the executable puts the data folder beside it (see ``ygclient.paths``). The logic
itself is in ``ygclient.paths``, where the tests reach it without a bundle.
"""

import sys
from pathlib import Path

from ygclient import paths

paths.use_program_dir(Path(sys.executable).resolve().parent)
