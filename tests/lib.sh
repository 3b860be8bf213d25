# Shared helpers for the boot tests: counting, assertions on logs.
# Source it; call t_pass/t_fail per test and t_summary at the end.

T_PASSED=0
T_FAILED=0
T_FAILED_NAMES=()

t_pass() {
	T_PASSED=$((T_PASSED + 1))
	printf 'PASS  %s\n' "$1"
}

# t_fail NAME REASON [LOG]: shows the reason and the log's last lines.
t_fail() {
	T_FAILED=$((T_FAILED + 1))
	T_FAILED_NAMES+=("$1")
	printf 'FAIL  %s: %s\n' "$1" "$2"
	if [ -n "${3:-}" ] && [ -f "$3" ]; then
		tail -n 12 "$3" | sed 's/^/      | /'
	fi
}

# t_check NAME LOG CHECK...: each CHECK is "has:REGEX", "lacks:REGEX" or
# "last:TEXT" (the log's last non-empty line is exactly TEXT).
t_check() {
	local name=$1 log=$2 c
	shift 2
	if [ ! -s "$log" ]; then
		t_fail "$name" "empty or missing log $log"
		return
	fi
	for c in "$@"; do
		case $c in
		has:*)
			grep -Eq -- "${c#has:}" "$log" || { t_fail "$name" "no line matching /${c#has:}/" "$log"; return; } ;;
		lacks:*)
			! grep -Eq -- "${c#lacks:}" "$log" || { t_fail "$name" "unexpected line matching /${c#lacks:}/" "$log"; return; } ;;
		last:*)
			local last
			last=$(grep -v '^[[:space:]]*$' "$log" | tail -n 1)
			[ "$last" = "${c#last:}" ] || { t_fail "$name" "last line is '$last', want '${c#last:}'" "$log"; return; } ;;
		*)
			t_fail "$name" "bad check '$c'"; return ;;
		esac
	done
	t_pass "$name"
}

t_summary() {
	echo
	if [ ${#T_FAILED_NAMES[@]} -gt 0 ]; then
		echo "failed: ${T_FAILED_NAMES[*]}"
	fi
	echo "$T_PASSED passed, $T_FAILED failed"
	[ "$T_FAILED" -eq 0 ]
}
