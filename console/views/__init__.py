"""The console's pages, one module per sub-domain. Like the API views they are thin: check
access, validate the input (a Django form; bad input is a 400 that names the field and saves
nothing), call one service or selector, render. Domain errors render as an HTML page with the
error's own status (`base.console_view`)."""
