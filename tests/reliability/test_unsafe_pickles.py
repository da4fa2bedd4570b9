"""Pickles that try to run code, tamper with nnviz or exhaust memory are refused — proven.

tests/core/test_modelio.py covers the classic payloads (os.system through GLOBAL and
__reduce__, eval, Popen, a payload inside a dict or an object array).  Here: every
pickle protocol 0-5, ``__reduce_ex__``, the INST/OBJ/NEWOBJ/STACK_GLOBAL opcodes,
``getattr``/``__import__``/``importlib`` gadget chains, ``copyreg._reconstructor``,
NumPy's own code-running helpers, attribute tampering through ``setattr``, payloads
nested deep or hidden behind the classes the unpickler does allow, pickles inside an
``.npz`` model and inside a session, and pickle bombs.

Every code payload would leave a trace — a marker file created, a sentinel file or
folder deleted, a module attribute changed — and each test checks that the trace is
absent afterwards.  A control test runs the same payloads through plain ``pickle``
in a subprocess and shows that they do leave their traces there.
"""

from __future__ import annotations

import base64
import builtins
import json
import os
import pickle
import shutil
import subprocess
import sys
import tracemalloc
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

import nnviz.core.modelio as modelio
from nnviz.cli import main
from nnviz.core.modelio import load_dlfs_pickle, load_model
from nnviz.errors import ModelError, NnvizError
from tests.reliability.bad_files import _LyingArray, book_params, model_arrays, npz_bytes

REPO = Path(__file__).resolve().parents[2]


# ---------------------------------------------------------------------- traces
@dataclass
class Traces:
    """Things a payload would change: a marker to create, a file and a folder to delete."""

    root: Path

    @property
    def marker(self) -> Path:
        return self.root / "pwned"

    @property
    def sentinel_file(self) -> Path:
        return self.root / "keep-me.txt"

    @property
    def sentinel_dir(self) -> Path:
        return self.root / "keep-me"

    def arm(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        self.marker.unlink(missing_ok=True)
        self.sentinel_file.write_text("still here")
        self.sentinel_dir.mkdir(exist_ok=True)
        (self.sentinel_dir / "inside").write_text("still here")

    def untouched(self) -> bool:
        return (
            not self.marker.exists()
            and self.sentinel_file.is_file()
            and (self.sentinel_dir / "inside").is_file()
            and modelio.MAX_PICKLE_BYTES == 512 * 1024 * 1024
        )


# ---------------------------------------------------------------------- payloads
class Call:
    """Unpickles as ``func(*args)`` through ``__reduce__``."""

    def __init__(self, func, *args) -> None:
        self.func, self.args = func, args

    def __reduce__(self):
        return (self.func, self.args)


class CallEx:
    """Unpickles as ``func(*args)`` through ``__reduce_ex__`` (which pickle prefers)."""

    def __init__(self, func, *args) -> None:
        self.func, self.args = func, args

    def __reduce_ex__(self, protocol):
        return (self.func, self.args)


def _q(text: str) -> bytes:
    """A protocol-0 string literal."""
    return repr(text).encode()


def gadget_payloads(t: Traces) -> dict[str, bytes]:
    """Hand-written opcode streams (protocol 0/1/2/4) that call code without __reduce__."""
    touch = f"touch {t.marker}"
    m = str(t.marker)
    return {
        # INST: 'i' module\nname\n instantiates (calls) the global with the marked args.
        "INST opcode": b"(S" + _q(touch) + b"\nios\nsystem\n.",
        # OBJ: MARK, the callable, its args, 'o'.
        "OBJ opcode": b"(cos\nsystem\nS" + _q(touch) + b"\no.",
        # NEWOBJ / NEWOBJ_EX on a class whose __new__ has effects: subprocess.Popen runs
        # in __init__ only, so use the find_class lookup itself as the tripwire.
        "NEWOBJ opcode": b"\x80\x02csubprocess\nPopen\n)\x81.",
        "NEWOBJ_EX opcode": b"\x80\x04\x8c\nsubprocess\x8c\x05Popen\x93)}\x92.",
        # STACK_GLOBAL with memoised strings (protocol 4), as pickle.dumps writes it.
        "STACK_GLOBAL with memo": b"\x80\x04\x8c\x02os\x94\x8c\x06system\x94\x93\x94"
        + b"\x8c"
        + bytes([len(touch)])
        + touch.encode()
        + b"\x94\x85\x94R\x94.",
        # getattr(__import__('os'), 'system')(cmd)
        "getattr(__import__) chain": b"cbuiltins\ngetattr\n(cbuiltins\n__import__\n(S'os'\ntRS'system'\ntR(S"
        + _q(touch)
        + b"\ntR.",
        "importlib.import_module chain": b"cbuiltins\ngetattr\n(cimportlib\nimport_module\n(S'os'\ntRS'system'\ntR(S"
        + _q(touch)
        + b"\ntR.",
        "__builtin__ (Python 2 name) eval": b"c__builtin__\neval\n(S"
        + _q(f"open({m!r}, 'w').close()")
        + b"\ntR.",
        "copyreg._reconstructor": b"ccopyreg\n_reconstructor\n(cos\nsystem\ncbuiltins\nobject\nNtR.",
        "numpy.testing runstring": b"cnumpy.testing._private.utils\nrunstring\n(S"
        + _q(f"open({m!r}, 'w').close()")
        + b"\n(dtR.",
        "numpy.load(allow_pickle) gadget": b"cnumpy\nload\n(S"
        + _q(str(t.root / "inner.pkl"))
        + b"\nI01\ntR.",
        "setattr tampering of nnviz": b"cbuiltins\nsetattr\n(cnnviz.core.modelio\n"
        b"_ArrayOnlyUnpickler\nS'ALLOWED'\n(ltR.",
        "setattr on an allowed global": b"cbuiltins\nsetattr\n(cnumpy\ndtype\nS'x'\nI1\ntR.",
        # An allowed class used as a trampoline: OrderedDict's REDUCE args carry a payload.
        "OrderedDict trampoline": b"ccollections\nOrderedDict\n((S'W1'\ncos\nsystem\n(S"
        + _q(touch)
        + b"\ntRtltR.",
        # A dtype built from a callable: numpy.dtype((callable, ...)) must not call it.
        "numpy.dtype trampoline": b"cnumpy\ndtype\n(cos\nsystem\nS" + _q(touch) + b"\ntR.",
    }


def reduce_payloads(t: Traces) -> dict[str, bytes]:
    """Code-running callables × every pickle protocol, through __reduce__ and __reduce_ex__."""
    m = str(t.marker)
    calls = {
        "os.system": (os.system, f"touch {m}"),
        "subprocess.call": (subprocess.call, ["touch", m]),
        "subprocess.run": (subprocess.run, ["touch", m]),
        "os.popen": (os.popen, f"touch {m}"),
        "builtins.exec": (builtins.exec, f"open({m!r}, 'w').close()"),
        "builtins.eval": (builtins.eval, f"open({m!r}, 'w').close()"),
        "builtins.open (write)": (builtins.open, m, "w"),
        "shutil.rmtree": (shutil.rmtree, str(t.sentinel_dir)),
        "os.remove": (os.remove, str(t.sentinel_file)),
        "os.rename": (os.rename, str(t.sentinel_file), m),
    }
    out = {}
    for name, (func, *args) in calls.items():
        for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
            out[f"{name} p{protocol}"] = pickle.dumps(Call(func, *args), protocol=protocol)
        out[f"{name} __reduce_ex__"] = pickle.dumps(CallEx(func, *args), protocol=2)
    return out


def nested_payloads(t: Traces) -> dict[str, bytes]:
    """Payloads hidden among real weights: deep in containers, as keys, behind allowed classes."""
    bomb = Call(os.system, f"touch {t.marker}")
    params = book_params()
    deep: object = bomb
    for _ in range(200):
        deep = [deep, (deep,)] if isinstance(deep, Call) else [deep]
    return {
        "200 lists deep": pickle.dumps({**params, "W3": deep}, protocol=2),
        "as a dict key": pickle.dumps({**params, bomb: 1}, protocol=4),
        "in an OrderedDict": pickle.dumps(OrderedDict(params, W2=bomb), protocol=2),
        "in a tuple of weights": pickle.dumps({**params, "W1": (params["W1"], bomb)}, protocol=5),
        "after 1,000 good arrays": pickle.dumps(
            [np.zeros(3, np.float32)] * 1000 + [bomb], protocol=4
        ),
        "object array, protocol 5": pickle.dumps(
            {**params, "b1": np.array([bomb, 1.0], dtype=object)}, protocol=5
        ),
    }


def all_payloads(t: Traces) -> dict[str, bytes]:
    return {**reduce_payloads(t), **gadget_payloads(t), **nested_payloads(t)}


NAMES = list(all_payloads(Traces(Path("/x"))))


# ---------------------------------------------------------------------- the control
def test_the_payloads_leave_their_traces_under_plain_pickle(tmp_path):
    # Without the restricted unpickler these pickles really do run code: each one is
    # loaded by plain pickle in a subprocess, and must leave its trace there.
    live = {}
    for i, name in enumerate(all_payloads(Traces(tmp_path / "x"))):
        if name.startswith(("setattr", "copyreg", "numpy.dtype", "NEWOBJ", "numpy.load")):
            continue  # tripwires for the allow-list, not code runners on their own
        t = Traces(tmp_path / f"p{i}")
        live[name] = (t, all_payloads(t)[name])
    script = "\n".join(
        [
            "import pickle, sys",
            "for path in sys.argv[1:]:",
            "    try:",
            "        pickle.loads(open(path, 'rb').read())",
            "    except Exception:",
            "        pass",
        ]
    )
    files = []
    for t, data in live.values():
        t.arm()
        (t.root / "payload.pkl").write_bytes(data)
        files.append(str(t.root / "payload.pkl"))
    subprocess.run([sys.executable, "-c", script, *files], timeout=120, capture_output=True)
    still_clean = [name for name, (t, _) in live.items() if t.untouched()]
    assert not still_clean, f"payloads that did nothing even under plain pickle: {still_clean}"


# ---------------------------------------------------------------------- refused
@pytest.mark.parametrize("name", NAMES)
def test_a_code_running_pickle_is_refused_and_leaves_no_trace(tmp_path, name):
    t = Traces(tmp_path / "traces")
    t.arm()
    (t.root / "inner.pkl").write_bytes(pickle.dumps(Call(os.system, f"touch {t.marker}")))
    path = tmp_path / "weights.pkl"
    path.write_bytes(all_payloads(t)[name])
    allowed = set(modelio._ArrayOnlyUnpickler.ALLOWED)
    with pytest.raises(ModelError) as e:
        load_dlfs_pickle(path)
    assert "weights.pkl" in str(e.value) and "\n" not in str(e.value)
    assert t.untouched()
    assert allowed == modelio._ArrayOnlyUnpickler.ALLOWED
    assert not hasattr(np.dtype, "x")


def test_refusals_say_what_was_asked_for(tmp_path):
    t = Traces(tmp_path)
    path = tmp_path / "weights.pkl"
    path.write_bytes(gadget_payloads(t)["getattr(__import__) chain"])
    with pytest.raises(ModelError, match=r"builtins\.getattr.*could run code"):
        load_dlfs_pickle(path)


SAMPLE = [
    "os.system p0",
    "subprocess.run p5",
    "builtins.exec __reduce_ex__",
    "shutil.rmtree p4",
    "STACK_GLOBAL with memo",
    "getattr(__import__) chain",
    "OrderedDict trampoline",
    "object array, protocol 5",
]


def _cli_argvs(path: Path, tmp_path: Path) -> dict[str, list[str]]:
    image = tmp_path / "digit.png"
    if not image.exists():
        from PySide6.QtGui import QImage

        img = QImage(28, 28, QImage.Format.Format_Grayscale8)
        img.fill(0)
        img.save(str(image))
    return {
        "eval": ["eval", str(path), "--dataset", "spiral", "--split", "train"],
        "predict": ["predict", str(path), str(image)],
        "tutorial run --weights": [
            "tutorial",
            "run",
            "dlfs-mnist-inference",
            "--weights",
            str(path),
            "--data-dir",
            str(tmp_path / "mnist"),
        ],  # fmt: skip
    }


@pytest.mark.parametrize("name", SAMPLE)
def test_every_cli_entry_refuses_them(tmp_path, capsys, name):
    from tests.data.mnist_fixtures import write_idx_dataset

    write_idx_dataset(tmp_path / "mnist", n_train=20, n_test=5)
    t = Traces(tmp_path / "traces")
    path = tmp_path / "weights.pkl"
    for command, argv in _cli_argvs(path, tmp_path).items():
        t.arm()
        path.write_bytes(all_payloads(t)[name])
        code = main(argv)
        err = capsys.readouterr().err.strip()
        assert code == 2 and len(err.splitlines()) == 1, (command, err)
        assert "weights.pkl" in err and "Traceback" not in err, (command, err)
        assert t.untouched(), command


# ---------------------------------------------------------------------- inside other files
def npy_header(shape, descr: str) -> bytes:
    """Just the header of an .npy file (what follows is up to the caller)."""
    import io

    buf = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        buf, {"descr": descr, "fortran_order": False, "shape": tuple(shape)}
    )
    return buf.getvalue()


def test_a_pickle_disguised_as_an_npz_member_is_never_unpickled(tmp_path):
    t = Traces(tmp_path / "traces")
    t.arm()
    evil = pickle.dumps(Call(os.system, f"touch {t.marker}"), protocol=2)
    cases = {
        "raw pickle as W1.npy": {**model_arrays(), "W1": evil},
        "object W1": {**model_arrays(), "W1": npy_header((2, 4), "|O") + evil},
        "object metadata": {**model_arrays(), "__meta__": npy_header((), "|O") + evil},
    }
    for name, members in cases.items():
        path = tmp_path / f"{name}.npz"
        path.write_bytes(npz_bytes(members))
        with pytest.raises(ModelError):
            load_model(path)
        assert t.untouched(), name


def test_a_pickle_inside_a_sessions_weights_is_never_unpickled(tmp_path):
    from nnviz.app.session_file import load_session, model_from_bytes
    from tests.reliability.bad_files import good_session_obj

    t = Traces(tmp_path / "traces")
    t.arm()
    evil_npz = npz_bytes(
        {
            **model_arrays(),
            "W1": npy_header((1,), "|O")
            + pickle.dumps(np.array([Call(os.system, f"touch {t.marker}")], dtype=object)),
        }
    )
    for blob in (pickle.dumps(Call(os.system, f"touch {t.marker}")), evil_npz):
        obj = good_session_obj()
        obj["model"] = base64.b64encode(blob).decode()
        path = tmp_path / "s.json"
        path.write_text(json.dumps(obj), encoding="utf-8")
        sess = load_session(path)
        with pytest.raises(NnvizError):
            model_from_bytes(sess.model_npz, path.name)
        assert t.untouched()


# ---------------------------------------------------------------------- bombs
def _laughs_body(levels: int, width: int) -> bytes:
    """Memo entries 0..levels: each level a list of ``width`` references to the one below.

    ``levels=9, width=10`` is a 'billion laughs': 10^9 references in about 250 bytes.
    The stack is left empty; ``h<levels>`` pushes the top.
    """
    out = [b"]q\x000"]  # EMPTY_LIST, BINPUT 0, POP
    for level in range(1, levels + 1):
        out.append(b"(" + (b"h" + bytes([level - 1])) * width + b"lq" + bytes([level]) + b"0")
    return b"".join(out)


BOMBS = {
    "1,000,000 nested lists": b"\x80\x02" + b"(" * 1_000_000 + b"l" * 1_000_000 + b".",
    "billion laughs (10^9 references)": b"\x80\x02" + _laughs_body(9, 10) + b"h\x09.",
    "laughs as weights": b"\x80\x02"
    + _laughs_body(9, 10)
    + b"}(X\x02\x00\x00\x00W1h\x09X\x02\x00\x00\x00b1h\x09u.",
    "BINBYTES8 of 2^62 bytes": b"\x80\x04\x8e" + (2**62).to_bytes(8, "little") + b"xx.",
    "BINUNICODE8 of 2^62 bytes": b"\x80\x04\x8d" + (2**62).to_bytes(8, "little") + b"xx.",
    "LONG4 of 2^31 bytes": b"\x80\x02\x8b" + (2**31 - 1).to_bytes(4, "little") + b"\x01.",
    "FRAME of 2^62 bytes": b"\x80\x04\x95" + (2**62).to_bytes(8, "little") + b"N.",
    "20,000 memoised layers": pickle.dumps(
        {
            **{f"W{i}": np.ones((4, 4), np.float32) for i in range(1, 20_001)},
            **{f"b{i}": np.zeros(4, np.float32) for i in range(1, 20_001)},
        },
        protocol=4,
    ),
    "ndarray state claiming 10^12 elements": pickle.dumps(
        {**book_params(), "W1": _LyingArray((10**6, 10**6))},
        protocol=2,
    ),
}


@pytest.mark.parametrize("name", list(BOMBS))
def test_a_pickle_bomb_is_refused_without_eating_memory(tmp_path, name):
    path = tmp_path / "weights.pkl"
    path.write_bytes(BOMBS[name])
    tracemalloc.start()
    try:
        with pytest.raises(ModelError):
            load_dlfs_pickle(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # The file is read once (at most a few MB here); nothing it declares is built.
    assert peak < 8 * 1024**2 + 3 * path.stat().st_size, f"{peak / 1e6:.1f} MB"


# ---------------------------------------------------------------------- the app's entries
def test_the_app_refuses_them_and_keeps_training(qtbot, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    from tests.gui.helpers import WAIT_MS, epoch, make_window

    w = make_window(qtbot, tmp_path)
    canvas_panel = w.view("draw")
    path = tmp_path / "weights.pkl"
    t = Traces(tmp_path / "traces")
    for name in SAMPLE:
        t.arm()
        path.write_bytes(all_payloads(t)[name])
        generation = w.model.generation
        assert not w.files.import_dlfs(str(path), "sigmoid")
        assert not canvas_panel.load_model_file(path)
        boxes = [b for b in w.findChildren(QMessageBox, "errorDialog") if b.isVisible()]
        assert boxes and "weights.pkl" in boxes[0].text(), name
        for b in boxes:
            b.done(0)
        assert t.untouched(), name
        assert w.model.generation == generation
    before = epoch(w)
    w.step()
    qtbot.waitUntil(lambda: epoch(w) == before + 1, timeout=WAIT_MS)
