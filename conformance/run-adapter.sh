#!/bin/sh
# run-adapter.sh adapts the arazzo command to the conformance suite's
# command-line contract (README.md, "Running another implementation"): the
# suite's runner describes each case in ARAZZO_* variables, and this script
# runs it with `arazzo run` or `arazzo validate` and prints the report.
#
#   arazzo conformance --impl 'sh conformance/run-adapter.sh'
#
# ARAZZO names the arazzo command to use; the default is arazzo on the PATH.
set -u
arazzo=${ARAZZO:-arazzo}

if [ "$ARAZZO_MODE" = validate ]; then
	# The JSON of arazzo validate groups findings by file, a shape the
	# contract accepts. Exit status 1 only means that there are findings.
	"$arazzo" validate --format json "$ARAZZO_DOCUMENT"
	status=$?
	[ "$status" -le 1 ] && exit 0
	exit "$status"
fi

set -- run "$ARAZZO_DOCUMENT" --workflow "$ARAZZO_WORKFLOW" --inputs "$ARAZZO_INPUTS" \
	--format json
# Outputs are compared unmasked, unless the case checks the masking.
if [ "${ARAZZO_REDACTION:-false}" != true ]; then
	set -- "$@" --no-redact
fi
for pair in $ARAZZO_SERVERS; do
	set -- "$@" --server "$pair"
done
# The JSON of arazzo run is its result: status, outputs and the steps, from
# which the runner takes the failed step. Exit status 2 means that the run
# was refused before anything was sent.
report=$("$arazzo" "$@")
status=$?
case $status in
0 | 1) printf '%s\n' "$report" ;;
2) printf '{"status":"rejected"}\n' ;;
*) exit "$status" ;;
esac
