"""For the whole test run: the consultant's case store in a temporary folder, never the user's own."""

import os
import tempfile

_FOLDER = tempfile.mkdtemp(prefix="oltre-finance-test-")
os.environ["OLTRE_FINANCE_CASES"] = os.path.join(_FOLDER, "casi.sqlite3")
os.environ.setdefault("XDG_RUNTIME_DIR", _FOLDER)  # platformdirs warns without it (and warnings are errors)
