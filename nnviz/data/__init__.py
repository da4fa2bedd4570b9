"""Datasets: synthetic 2-D sets, MNIST-family readers, locating and downloading (no Qt)."""
