# Grading: the bubblewrap sandbox that autograding runs student code in, and grading helpers.
# The lead's `test` target should depend on `sandbox-deps` (tests/grading executes kernels
# inside bwrap).
.PHONY: sandbox-deps grade-validate

sandbox-deps:  ## install bubblewrap (bwrap), the autograder's sandbox, when it is missing
	@command -v bwrap >/dev/null || (apt-get update -qq && apt-get install -y -qq bubblewrap)
	@command -v prlimit >/dev/null || (apt-get update -qq && apt-get install -y -qq util-linux)
	@bwrap --version

grade-validate: $(STAMP) sandbox-deps  ## validate every nbgrader assignment in autograders/source
	$(VENV)/bin/careops grade validate --all
