"""The public surface of `generator` is exactly its `__all__`."""

import generator


def test_all_names_exist_and_nothing_else_is_public():
    for name in generator.__all__:
        assert hasattr(generator, name), name
    public = {n for n in dir(generator) if not n.startswith("_")}
    modules = {n for n in public if type(getattr(generator, n)).__name__ == "module"}
    assert public - modules == set(generator.__all__) - {"__version__"}
