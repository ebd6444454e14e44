"""The ``policykg`` command: :mod:`.main` (the commands), :mod:`.output` (tables, CSV, JSON),
:mod:`.report` (build and validation reports)."""
