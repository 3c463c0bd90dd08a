"""The shipped palette stylesheet: generated from the installed Material, every pairing AA."""

from __future__ import annotations

import re

from gongbao.mkdocs_plugin.palette import (
    MINIMUM,
    SHIPPED,
    contrast,
    material_palettes,
    material_stylesheet,
    palette_css,
    readable_on,
)


def test_the_shipped_stylesheet_is_generated_from_the_installed_material() -> None:
    # A Material release that changes a palette fails here: run python3 -m
    # gongbao.mkdocs_plugin.palette and commit the result.
    assert SHIPPED.read_text(encoding="utf-8") == palette_css(material_stylesheet())


def test_every_material_palette_is_covered() -> None:
    names = {(kind, name) for kind, name, _ in material_palettes(material_stylesheet())}
    assert ("primary", "red") in names and ("accent", "yellow") in names
    shipped = set(
        re.findall(r"body\[data-md-color-(primary|accent)=([a-z-]+)\]", SHIPPED.read_text())
    )
    assert shipped == names


def test_every_shipped_colour_reads_on_white_and_on_the_code_background() -> None:
    colours = re.findall(
        r"--md-(?:primary|accent)-fg-color:(#[0-9a-f]{6})[;}]", SHIPPED.read_text()
    )
    assert len(colours) >= 30
    for colour in colours:
        for ground in ("#ffffff", "#f5f5f5"):
            assert contrast(colour, ground) >= MINIMUM, (colour, ground)


def test_contrast_matches_the_wcag_reference_values() -> None:
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert abs(contrast("#ef5552", "#ffffff") - 3.44) < 0.01  # Material's red, as axe says
    assert round(contrast("#777777", "#ffffff"), 2) == 4.48


def test_darkening_keeps_a_colour_that_already_reads() -> None:
    assert readable_on("#4051b5") == "#4051b5"  # Material's indigo: 6.9:1 already
    red = readable_on("#ef5552")
    assert red != "#ef5552" and contrast(red, "#f5f5f5") >= MINIMUM
