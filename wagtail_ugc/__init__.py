"""wagtail-ugc: collect, moderate, rights-clear and display user-generated content in Wagtail."""

__version__ = "0.1.0.dev0"
