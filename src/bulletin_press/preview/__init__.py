"""The preview: a local web page of an issue's pages, rendered again on every save."""
