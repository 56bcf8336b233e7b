"""Reading a form off an admin page the way a browser would submit it, so tests post what editors post."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.depth = 0
        self.data = []
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            if self.inside:
                self.depth += 1
            elif attrs.get("id") == self.form_id:
                self.inside = True
            return
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind in ("submit", "button", "file", "image"):
                return
            default = "on" if kind in ("checkbox", "radio") else ""
            self.data.append((name, attrs.get("value", default)))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.data.append((self._select, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            if self.depth:
                self.depth -= 1
            else:
                self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, value = self._textarea
            self.data.append((name, value.removeprefix("\n")))
            self._textarea = None


def form_data(html, form_id="w-editor-form"):
    """The fields of the form ``form_id`` in ``html`` as a dict (last value wins)."""
    reader = _FormReader(form_id)
    reader.feed(html)
    if not reader.data:
        raise AssertionError(f"No form with id {form_id!r} (or it has no fields)")
    return dict(reader.data)
