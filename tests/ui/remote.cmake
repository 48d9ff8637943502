# GUI tests for remote mode, remember-me and the Current session panel.
