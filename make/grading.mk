# Grading: the bubblewrap sandbox that autograding runs student code in, and grading helpers.
# The lead's `test` target should depend on `sandbox-deps` (tests/grading executes kernels
# inside bwrap).
.PHONY: sandbox-deps postgres-deps grade-validate

sandbox-deps:  ## install bubblewrap (bwrap), the autograder's sandbox, when it is missing
	@command -v bwrap >/dev/null || (apt-get update -qq && apt-get install -y -qq bubblewrap)
	@command -v prlimit >/dev/null || (apt-get update -qq && apt-get install -y -qq util-linux)
	@bwrap --version

# PostgreSQL server binaries for the PostgreSQL-gradebook test (tests/grading/test_postgres_gradebook.py).
# Debian keeps initdb/pg_ctl in /usr/lib/postgresql/<version>/bin, off PATH: look there too.
PG_BIN_GLOB := /usr/lib/postgresql/*/bin
postgres-deps:  ## install the PostgreSQL server (initdb, pg_ctl), for the PostgreSQL gradebook test
	@if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then :; \
	elif ls $(PG_BIN_GLOB)/initdb $(PG_BIN_GLOB)/pg_ctl >/dev/null 2>&1; then :; \
	else apt-get update -qq && apt-get install -y -qq postgresql; fi
	@id -u postgres >/dev/null || { echo "postgres-deps: no 'postgres' system user (it comes with Debian's postgresql package)" >&2; exit 1; }
	@bin=$$(ls -d $(PG_BIN_GLOB) 2>/dev/null | sort -V | tail -1); "$${bin:+$$bin/}pg_ctl" --version

grade-validate: $(STAMP) sandbox-deps  ## validate every nbgrader assignment in autograders/source
	$(VENV)/bin/careops grade validate --all
