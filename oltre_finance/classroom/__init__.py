"""The classroom profile of the server (``oltre-finance serve --classroom``): see :mod:`.server`."""
