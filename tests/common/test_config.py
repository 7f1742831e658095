"""The config file (config.toml in the config dir): a hostile or mistaken one is a clear error
naming the file, never a traceback."""

from __future__ import annotations

import pytest

from interview_coach.common.config import (
    MAX_CONFIG_BYTES,
    ConfigError,
    config_file,
    load_settings,
)
from tests.bank.test_hostile_yaml import run_cli


def _write(text: str) -> None:
    config_file().parent.mkdir(parents=True, exist_ok=True)
    config_file().write_text(text)


def test_the_model_setting_is_read():
    _write('model = "my-model"\n')
    assert load_settings().model == "my-model"


@pytest.mark.parametrize(
    "text, said",
    [
        ("model = " + "[" * 995 + "]" * 995 + "\n", "nested too deeply"),
        ("x = " + "{a = " * 995 + "1" + "}" * 995 + "\n", "nested too deeply"),
        ("#" * (MAX_CONFIG_BYTES + 1) + "\n", f"{MAX_CONFIG_BYTES + 2:,} bytes"),
        ("model = [\n", "cannot read config"),
    ],
    ids=["deep-array", "deep-table", "too-big", "syntax"],
)
def test_a_bad_config_file_is_a_config_error_naming_it(text, said):
    _write(text)
    with pytest.raises(ConfigError) as caught:  # today: RecursionError for the deep ones
        load_settings()
    assert str(caught.value).startswith(f"{config_file()}: ") and said in str(caught.value)
    assert "Fix the file or delete it." in str(caught.value)


def test_score_with_a_deep_config_file_says_so_and_exits_2(tmp_path):
    _write("model = " + "[" * 995 + "]" * 995 + "\n")
    out = run_cli(tmp_path, "score", "-q", "mentoring", "-a", "I paired with the intern weekly.")
    assert "Traceback" not in out.stderr, out.stderr[-2000:]
    assert out.returncode == 2
    assert f"{config_file()}: cannot read config (arrays or tables nested too deeply)" in out.stderr
