"""The rules: each finds one kind of thing in a text; none imports another."""
