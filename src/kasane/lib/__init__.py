"""Small helpers shared by every app: environment, dates and 和暦, text keys, PDF, exports."""
