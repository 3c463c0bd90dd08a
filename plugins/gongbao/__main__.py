"""``python -m gongbao``."""

from gongbao.cli import main

main()
