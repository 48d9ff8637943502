# GUI tests for the task/product tables, inspector editing and CSV import/export.
