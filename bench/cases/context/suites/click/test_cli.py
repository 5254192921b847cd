# Behaviour checks of click's commands, options, types and help output, run against the sources in src/.
import click
from click.testing import CliRunner


@click.group()
@click.option("--verbose", "-v", count=True)
@click.pass_context
def cli(ctx, verbose):
    ctx.obj = {"verbose": verbose}


@cli.command()
@click.argument("name")
@click.option("--greeting", default="Hello", show_default=True, help="How to greet.")
@click.option("--times", type=click.IntRange(1, 3), default=1)
def greet(name, greeting, times):
    """Greets NAME."""
    for _ in range(times):
        click.echo(f"{greeting}, {name}!")


@cli.command()
@click.option("--color", type=click.Choice(["red", "green"]), required=True)
@click.option("--dry-run/--no-dry-run", default=False)
def paint(color, dry_run):
    click.echo(f"{color} dry={dry_run}")


@cli.command()
@click.argument("files", nargs=-1)
@click.pass_obj
def count(obj, files):
    click.echo(f"{len(files)} files, verbose {obj['verbose']}")


def run(*args):
    return CliRunner().invoke(cli, list(args))


def test_greet_with_defaults():
    result = run("greet", "Ada")
    assert result.exit_code == 0, result.output
    assert result.output == "Hello, Ada!\n"


def test_options_and_ranges():
    result = run("greet", "Ada", "--greeting", "Hi", "--times", "2")
    assert result.output == "Hi, Ada!\nHi, Ada!\n"


def test_range_rejects_out_of_bounds():
    result = run("greet", "Ada", "--times", "5")
    assert result.exit_code == 2
    assert "5 is not in the range 1<=x<=3" in result.output


def test_choice_and_boolean_flag():
    result = run("paint", "--color", "green", "--dry-run")
    assert result.output == "green dry=True\n"


def test_invalid_choice_lists_the_choices():
    result = run("paint", "--color", "blue")
    assert result.exit_code == 2
    assert "'blue' is not one of 'red', 'green'" in result.output


def test_missing_required_option():
    result = run("paint")
    assert result.exit_code == 2
    assert "Missing option '--color'" in result.output


def test_counting_option_and_variadic_arguments():
    result = run("-vv", "count", "a", "b", "c")
    assert result.output == "3 files, verbose 2\n"


def test_help_shows_defaults_and_docstring():
    result = run("greet", "--help")
    assert "Greets NAME." in result.output
    assert "[default: Hello]" in result.output


def test_unknown_command_suggests_nothing_silently():
    result = run("gret")
    assert result.exit_code == 2
    assert "No such command 'gret'" in result.output


def test_style_and_unstyle_round_trip():
    styled = click.style("ok", fg="green", bold=True)
    assert styled != "ok"
    assert click.unstyle(styled) == "ok"


def test_format_filename_and_short_help():
    assert click.format_filename(b"caf\xc3\xa9.txt") == "café.txt"
    from click.utils import make_default_short_help
    assert make_default_short_help("Does one thing. Then another.") == "Does one thing."
