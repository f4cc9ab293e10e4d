"""The bundled seed articles, installed as the data package ``hasiye_seeds``."""
