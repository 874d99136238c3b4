"""The README's data dictionary is generated from the contracts and never stale."""

from samen.docs import BEGIN, END, README, data_dictionary


def test_readme_data_dictionary_is_up_to_date() -> None:
    text = README.read_text(encoding="utf-8")
    start, end = text.index(BEGIN), text.index(END) + len(END)
    assert text[start:end] == data_dictionary(), "run `python -m samen.docs` to regenerate the README section"


def test_data_dictionary_lists_every_column_of_every_contract() -> None:
    from samen.contracts import contracts

    generated = data_dictionary()
    for contract in contracts().values():
        assert f"### `{contract.dataset}`" in generated
        for col in contract.columns:
            assert f"| `{col.name}` | {col.label} |" in generated
