"""The campaign report our users hand to their funders, read from the published snapshot:
data (the marts into records), labels (every word, French and English), figures and
view (what is printed), charts (inline SVG), render (the HTML file and the terminal
summary)."""
