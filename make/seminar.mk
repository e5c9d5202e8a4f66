# The seminar series and journal-club site (included by the main Makefile).
# `make seminar` checks seminar/sessions.yml, seminar/readings.bib and seminar/capstone.yml
# (stopping with file:line messages), then builds the site strictly into _build/seminar/html.
.PHONY: seminar seminar-check

seminar-check: $(STAMP)  ## validate the seminar's sessions, readings and capstone milestones
	$(VENV)/bin/careops seminar check

seminar: $(STAMP)  ## check the seminar data, then build the journal-club site into _build/seminar/html
	$(VENV)/bin/careops seminar check
	$(VENV)/bin/careops seminar build
	@test -f _build/seminar/html/index.html || { echo "make seminar: _build/seminar/html/index.html is missing" >&2; exit 1; }
