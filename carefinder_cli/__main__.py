"""``python -m carefinder_cli``: the ``carefinder`` command without its installed script."""

import sys

from carefinder_cli.main import main

sys.exit(main())
