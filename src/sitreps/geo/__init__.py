"""Places: the gazetteer (names to places, `gazetteer`), finding place names in text
(`mentions`), and reading where a stretch of text places an incident (`locate`).

    gaz = load_gazetteer()
    mentions = gaz.find(text)                      # every place name, with its offsets
    where = locate(text, mentions, gaz, start, end)  # the most specific place a window supports
"""

from .gazetteer import Gazetteer, load_gazetteer
from .locate import LocatedPlace, locate, read_places
from .mentions import PlaceMention

__all__ = ["Gazetteer", "LocatedPlace", "PlaceMention", "load_gazetteer", "locate", "read_places"]
