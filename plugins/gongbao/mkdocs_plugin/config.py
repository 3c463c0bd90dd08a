"""The ``gongbao`` plugin's options in ``mkdocs.yml``, made from the core's option table.

MkDocs checks each option's type; the core (:func:`gongbao.core.config.options.parse_options`)
checks ranges and dates with the same Chinese messages ``gongbao check`` gives.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from mkdocs.config import base
from mkdocs.config import config_options as c

from gongbao.core.config.options import OPTIONS, Option

__all__ = ["GongbaoConfig"]


def _config_option(option: Option) -> Any:
    if option.kind == "list":
        return c.ListOfItems(c.Type(str), default=list(option.default))
    if option.kind == "choice":
        return c.Choice(option.choices, default=option.default)
    if option.kind == "catalogues":
        # Names or {name, title, basis}: the core checks the entries (parse_options).
        return c.Optional(c.Type(list))
    if option.kind == "date":
        # YAML reads an unquoted 2023-05-22 as a date, a quoted one as text: both are fine.
        return c.Optional(c.Type((str, datetime.date)))
    kind = {"bool": bool, "int": int, "str": str, "zone": str}[option.kind]
    if option.optional:
        return c.Optional(c.Type(kind))
    return c.Type(kind, default=option.default)


if TYPE_CHECKING:  # the options are read through Settings, typed; MkDocs sees a plain Config

    class GongbaoConfig(base.Config):  # type: ignore[no-untyped-call]
        """Options of ``plugins: [gongbao]``."""

else:
    # MkDocs collects a config class's options when the class is created: they are given then.
    GongbaoConfig = type(
        "GongbaoConfig",
        (base.Config,),
        {
            "__doc__": "Options of ``plugins: [gongbao]``; see gongbao.core.config.options.",
            "__module__": __name__,
            **{option.name: _config_option(option) for option in OPTIONS},
        },
    )
