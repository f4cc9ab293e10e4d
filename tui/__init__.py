"""hasiye's terminal front: the click CLI and the Textual app."""
