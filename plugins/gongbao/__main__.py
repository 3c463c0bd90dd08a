"""``python -m gongbao``."""

from gongbao.cli import run

run()
