"""A corpus of bad (and a few good) inputs, each run through ``landsim.cli.main``.

Every case is data: the files to write into an empty folder, the command line, the
texts the error must contain, and how many lines it may print. ``tests/test_corpus.py``
runs them all and checks what every case must satisfy (see its docstring).
"""
