"""Settings for the whole test run."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from gongbao.core.signing import KEY_ENV


@pytest.fixture(autouse=True, scope="session")
def _cache_key(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Sign caches with a key of this test run, not the machine's key in the home directory.

    Builds in the tests then neither create nor depend on ``~/.cache/gongbao/cache.key``.
    Tests that need another key (or none) point the variable elsewhere themselves.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(KEY_ENV, str(tmp_path_factory.mktemp("signing") / "cache.key"))
        yield
