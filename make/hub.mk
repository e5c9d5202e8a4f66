# The course in a local JupyterHub (development): `make hub`, then open the printed URL.
# jupyterhub + nbgitpuller come from the `hub` extra (in `test`); configurable-http-proxy from npm.
.PHONY: hub hub-deps hub-reset

HUB_STATE ?= _build/hub
HUB_PORT ?= 8008

hub-deps: $(STAMP) node_modules/.package-lock.json  ## what `make hub` needs: jupyterhub (venv) and configurable-http-proxy (node_modules)
	@test -x $(VENV)/bin/jupyterhub || $(PY) -m pip install --quiet -e ".[test]"
	@test -x node_modules/.bin/configurable-http-proxy || npm ci --no-audit --no-fund --loglevel=error

hub: hub-deps  ## start the course JupyterHub on http://127.0.0.1:$(HUB_PORT) (instructor, student1..3; Ctrl-C stops it)
	@export CAREOPS_HUB_STATE="$(abspath $(HUB_STATE))" CAREOPS_HUB_PORT="$(HUB_PORT)"; \
	  $(PY) -m careops.hub "$(CURDIR)" && \
	  exec $(VENV)/bin/jupyterhub -f hub/jupyterhub_config.py

hub-reset:  ## forget the local hub's users, homes, submissions and gradebook ($(HUB_STATE))
	rm -rf "$(HUB_STATE)"
