# Behaviour checks of attrs' class generation, validators, converters, filters and evolve, run against src/.
import pytest

import attr
import attrs


@attrs.define
class Point:
    x: int
    y: int = 0


@attrs.define
class User:
    name: str = attrs.field(validator=attrs.validators.max_len(5))
    age: int = attrs.field(converter=attrs.converters.optional(int), default=None)
    password: str = attrs.field(default="", repr=False)


@attrs.frozen
class Config:
    host: str
    port: int = 80


def test_repr_lists_fields():
    assert repr(Point(1, 2)) == "Point(x=1, y=2)"


def test_equality_and_ordering_by_value():
    assert Point(1, 2) == Point(1, 2)
    assert Point(1, 2) != Point(2, 1)


def test_max_len_allows_the_limit():
    assert User("alice").name == "alice"
    with pytest.raises(ValueError):
        User("mallory")


def test_optional_converter_keeps_none():
    assert User("bob").age is None
    assert User("bob", "42").age == 42


def test_asdict_with_exclude_filter():
    user = User("bob", 3, "secret")
    fields = attrs.fields(User)
    assert attrs.asdict(user, filter=attrs.filters.exclude(fields.password)) == {"name": "bob", "age": 3}


def test_evolve_keeps_unchanged_fields():
    config = Config("example.org", 8080)
    assert attrs.evolve(config, host="localhost") == Config("localhost", 8080)


def test_frozen_instances_reject_assignment():
    with pytest.raises(attr.exceptions.FrozenInstanceError):
        Config("example.org").port = 1
