"""sitreps exceptions: anything we raise on purpose carries a one-line message for users.

* SitrepsError            base
  * InputError            a source could not be read (missing file, bad encoding, not a feed)
    * FetchError          a URL or feed fetch failed (timeout, too large, private address refused)
  * DataError             a bundled or overlay data file is invalid (file, line, what is wrong)
  * StoreError            database unreachable, schema too new, migration failed
  * ConfigError           a bad setting value or config file

Inside a batch, per-input errors become `model.Failure` values; only the CLI boundary turns a
`SitrepsError` into one red line (and a traceback with `--verbose`).
"""


class SitrepsError(Exception):
    """Base of every error sitreps raises on purpose."""


class InputError(SitrepsError):
    """A source could not be read."""


class FetchError(InputError):
    """A URL or feed could not be fetched safely."""


class DataError(SitrepsError):
    """A data file (gazetteer, lexicon) is invalid."""


class StoreError(SitrepsError):
    """The database cannot be used."""


class ConfigError(SitrepsError):
    """A setting or config file is wrong."""
