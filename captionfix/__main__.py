"""``python -m captionfix``."""

from captionfix.cli import main

raise SystemExit(main())
