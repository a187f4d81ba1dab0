"""carefinder: evidence-backed treatment-facility records, index and search."""

__version__ = "0.1.0"


class Message(str):
    """Text a person reads, in English, that remembers its template and values so an interface
    can show it in another language (the web layer looks the template up in its catalog):
    ``Message("%(name)s must be a number", name="radius")`` is the string "radius must be a
    number". The core never imports the interface; templates are extracted by pybabel (see
    webapp/babel.cfg) because they are literal strings."""

    template: str
    values: dict

    def __new__(cls, template: str, /, **values) -> "Message":
        text = super().__new__(cls, template % values if values else template)
        text.template, text.values = template, values
        return text


class CarefinderError(Exception):
    """A problem the user can fix (bad input, missing file); shown without a traceback.
    ``message`` is the text as a Message (template and values), for translation."""

    def __init__(self, message: str = "", /, **values):
        self.message = Message(message, **values)
        super().__init__(self.message)
