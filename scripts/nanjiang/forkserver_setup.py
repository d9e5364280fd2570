"""Imported first by the process the job workers are forked from
(``jobrunner.start_worker_server``).

1. multiprocessing runs the parent's main file again in every process it
   starts (as ``__mp_main__``) unless that process's ``__main__`` already is
   that file. For the ``snakemake`` command the file imports snakemake.cli:
   0.6 s per worker, for functions the workers never use (a job is a
   function of ``nanjiang.jobrunner``). Naming the file as this process's
   main makes multiprocessing skip it; were that check to change, a worker
   would import snakemake again: slower, nothing else.
2. This process ends with Snakemake; it leaves without Python's last
   garbage collections (``prompt_exit``), or a caller reading Snakemake's
   output would wait 0.25 s more for the pipe to close.
"""

import os
import sys

from .jobrunner import MAIN_FILE
from .prompt_exit import skip_collection_at_exit

if os.environ.get(MAIN_FILE):
    sys.modules["__main__"].__file__ = os.environ[MAIN_FILE]
skip_collection_at_exit()
