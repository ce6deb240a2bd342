"""The version of derivcheck, in a module of its own at the bottom of the package.

Everything that prints or hashes the version (the command line, the reports,
the cache's fingerprint) imports it from here, so that none of them imports
the package's public API in :mod:`derivcheck` (which sits on top of them all).
"""

__version__ = "0.1.0"
