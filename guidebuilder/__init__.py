"""guidebuilder: printable study guides from a primary text and YAML files."""

__version__ = "0.1.0"
