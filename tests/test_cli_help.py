"""Every command has help: a one-line summary in `policy-extract --help`, a description on its own page, and
help text for each of its arguments. The commands are read from the parser itself, so a command added
later is checked without touching this file."""
import argparse

import pytest

from policy_extract import cli


def _subcommands(parser: argparse.ArgumentParser):
    """(name, summary, parser) for every sub-command, nested ones included, as `a b` names."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            summaries = {a.dest: a.help for a in action._choices_actions}
            for name, sub in action.choices.items():
                yield name, summaries.get(name), sub
                for inner, summary, inner_parser in _subcommands(sub):
                    yield f"{name} {inner}", summary, inner_parser


COMMANDS = list(_subcommands(cli.build_parser()))


def test_the_commands_are_found():
    names = {name for name, _, _ in COMMANDS}
    assert {"extract", "batch", "schema", "eval", "export", "import"} <= names


@pytest.mark.parametrize("name,summary,parser", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_command_has_help(name, summary, parser):
    assert summary and summary.strip(), f"`{name}` has no summary in `policy-extract --help`"
    assert parser.description and parser.description.strip(), f"`{name}` has no description"
    for action in parser._actions:
        if isinstance(action, (argparse._HelpAction, argparse._SubParsersAction)):
            continue
        label = "/".join(action.option_strings) or action.dest
        assert action.help and action.help.strip() and action.help != argparse.SUPPRESS, \
            f"`{name}` argument {label} has no help text"


@pytest.mark.parametrize("name", [c[0] for c in COMMANDS] + [""])
def test_help_page_prints_and_exits_zero(name, capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main([*name.split(), "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: policy-extract") and (not name or name.split()[-1] in out)
