import multiprocessing

from desktop.app import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # worker processes (e.g. spaCy's n_process) in the bundle
    raise SystemExit(main())
