"""Tests of the scenario language: parser, printer, loader, diagnostics."""
