"""A model config's ``"pretrained": "package:NAME"`` is text from a folder someone handed us: the
package is found without importing it. ``importlib.util.find_spec("a.b")`` imports ``a`` first,
so ``package:a.b`` ran the ``__init__.py`` of any ``a`` on the import path while a model loaded;
a dotted (or otherwise not plain) name is now no package, refused as any package not installed."""

from __future__ import annotations

import pytest

from core.encoders.packaged import package_locations
from core.encoders.sources import resolve_pretrained
from core.errors import ModelError


def test_a_dotted_package_reference_imports_nothing(tmp_path, monkeypatch):
    ran = tmp_path / "ran"
    pkg = tmp_path / "site" / "sf_planted"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text(f"import pathlib; pathlib.Path({str(ran)!r}).write_text('ran')\n")
    (pkg / "sub" / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    assert package_locations("sf_planted.sub") == []
    with pytest.raises(ModelError) as refused:
        resolve_pretrained("package:sf_planted.sub")
    assert "top-level name" in str(refused.value) and "pip install" not in str(refused.value), refused.value
    assert not ran.exists()
    assert package_locations("sf_planted") == [pkg]  # (a plain name is still found, unimported)
    assert not ran.exists()
