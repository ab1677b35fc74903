"""The bundled offline snapshot of almaghribtoday.net: its content, its renderer, its server."""
