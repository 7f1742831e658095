"""The Textual front end. Layout, key bindings and rendering only; logic lives in the core."""
