"""`treatylang lsp` without the lsp extra: a diagnostic, not a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

BLOCK_PYGLS = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('pygls', 'lsprotocol'):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None
sys.meta_path.insert(0, Block())
from treatylang.cli import main
sys.exit(main(['lsp']))
"""


def test_lsp_without_the_extra_says_how_to_install_it():
    """With pygls missing, `treatylang lsp` exits 2 with TL022 naming the extra."""
    p = subprocess.run([sys.executable, "-c", BLOCK_PYGLS], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert p.returncode == 2, p.stderr
    assert "TL022" in p.stderr and "pip install 'treatylang[lsp]'" in p.stderr
    assert "Traceback" not in p.stderr


def test_lsp_is_a_command():
    """`treatylang lsp --help` describes the server."""
    p = subprocess.run([sys.executable, "-m", "treatylang", "lsp", "--help"], capture_output=True, text=True,
                       cwd=ROOT, timeout=60)
    assert p.returncode == 0 and "Language Server Protocol" in p.stdout
