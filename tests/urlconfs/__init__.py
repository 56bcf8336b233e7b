"""Small URL configurations of sites that include wagtail-ugc wrongly, for the URL checks."""
