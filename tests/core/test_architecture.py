"""The architecture grammar: parsing, round trips, one-sentence errors, and the shapes text."""

from __future__ import annotations

import pytest

from nnviz.core.architecture import (
    SIMPLE_CONVNET,
    ConvSpec,
    DenseSpec,
    DropoutSpec,
    PoolSpec,
    describe_shapes,
    format_shapes,
    parse_architecture,
)
from nnviz.errors import ConfigError


def test_conv_alone_is_simple_convnet():
    arch = parse_architecture("conv")
    assert arch.text == SIMPLE_CONVNET
    assert arch.layers[0] == ConvSpec(30, 5, 5, 1, 0)
    assert arch.layers[2] == PoolSpec(2, 2, 2, 0)
    assert arch.layers[3] == DenseSpec(100)
    assert arch.is_convolutional


@pytest.mark.parametrize(
    "text",
    [
        "conv:16x3x3/s2/p1,bn,relu,pool:2,dropout:0.25,fc:64,relu",
        "conv:8x5x3,tanh,pool:3x2/s1/p1,flatten,fc:10,sigmoid",
        "fc:100,relu,fc:50,leaky_relu",
    ],
)
def test_specs_round_trip(text):
    arch = parse_architecture(text)
    assert parse_architecture(arch.text) == arch
    assert arch.text == text


def test_short_forms_and_spaces():
    arch = parse_architecture(" Conv:8x3 , pool:2 , FC:10 , dropout ")
    assert arch.layers == (ConvSpec(8, 3, 3), PoolSpec(2, 2, 2), DenseSpec(10), DropoutSpec(0.5))


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("conv:0x5x5,relu", "at least 1 filter"),
        ("conv:30x5x5/q2", "options are"),
        ("conv:abc", "conv:FILTERSxHxW"),
        ("pool:0", "at least 1"),
        ("fc:0", "at least 1"),
        ("dropout:1.0", "below 1"),
        ("relu,,fc:10", "empty layer"),
        ("mish", "Unknown layer 'mish'"),
        ("fc:10,conv:3x3x3", "must come first"),
    ],
)
def test_bad_specs_are_one_sentence_errors(text, needle):
    with pytest.raises(ConfigError, match=needle) as info:
        parse_architecture(text)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("text", "shape", "needle"),
    [
        ("conv:8x30x30", (28, 28), "larger than its 28×28"),
        ("conv:8x5x5,pool:5", (28, 28), "does not divide its 24×24"),
        ("conv", (2,), "cannot read 2-D points"),
        ("pool:2", (2,), "cannot read 2-D points"),
    ],
)
def test_specs_that_do_not_fit_the_input_are_refused(text, shape, needle):
    with pytest.raises(ConfigError, match=needle):
        describe_shapes(parse_architecture(text), shape, 10)


def test_shapes_of_simple_convnet_as_the_book_writes_them():
    rows = describe_shapes(parse_architecture("conv"), (28, 28), 10)
    assert [(r.name, r.shape) for r in rows] == [
        ("input", (1, 28, 28)),
        ("conv1", (30, 24, 24)),
        ("relu1", (30, 24, 24)),
        ("pool1", (30, 12, 12)),
        ("flatten", (4320,)),
        ("fc1", (100,)),
        ("relu2", (100,)),
        ("output", (10,)),
    ]
    assert rows[1].gemm == "col (N·24·24, 1·5·5) · W (25, 30)"
    assert rows[3].gemm == "col (N·12·12·30, 2·2) → max per row"
    text = format_shapes(rows)
    assert "(N, 30, 24, 24)" in text and "x (N, 4320) · W (4320, 100)" in text
    assert "(100, 30, 24, 24)" in format_shapes(rows, batch="100")


def test_stride_and_padding_shapes():
    rows = describe_shapes(parse_architecture("conv:16x3x3/s2/p1,relu,pool:2"), (28, 28), 10)
    assert rows[1].shape == (16, 14, 14)
    assert rows[1].gemm == "col (N·14·14, 1·3·3) · W (9, 16)"
    assert rows[3].shape == (16, 7, 7)
    assert rows[-1].gemm == "x (N, 784) · W (784, 10)"
