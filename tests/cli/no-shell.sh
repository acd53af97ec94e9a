#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# no-shell.sh HOTMEM: the words of lsmem and chmem steps reach the tools as text.  Shell
# metacharacters (";", "$(...)", quotes, ">", "|", "&&") run nothing, and the tools get
# them as literal arguments.  Stand-in tools early in PATH print the argv they receive
# (and, for chmem, what the private mount namespace shows at /sys/devices/system/memory).
set -u
hotmem=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fails=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }

# 1. The real tools: an injected command must not run.
cat > "$dir/inject.scn" <<EOT
lsmem ; touch $dir/pwned-1
lsmem \$(touch $dir/pwned-2)
lsmem > $dir/pwned-3
lsmem | touch $dir/pwned-4
chmem -e 128M' ; touch $dir/pwned-5 ; echo '
chmem -e 128M && touch $dir/pwned-6
EOT
"$hotmem" run "$dir/inject.scn" > "$dir/out" 2>&1
for i in 1 2 3 4 5 6; do
	[ -e "$dir/pwned-$i" ] && fail "injection $i ran a command"
done
[ $fails -eq 0 ] && echo "ok   no injected command ran"

# 2. Stand-ins: every word arrives as it was written.
mkdir "$dir/bin"
cat > "$dir/bin/lsmem" <<'EOT'
#!/bin/sh
for a in "$@"; do printf '[%s]\n' "$a"; done
EOT
cat > "$dir/bin/chmem" <<'EOT'
#!/bin/sh
for a in "$@"; do printf '[%s]\n' "$a"; done
echo "block_size_bytes $(cat /sys/devices/system/memory/block_size_bytes)"
exit 3
EOT
chmod +x "$dir/bin/lsmem" "$dir/bin/chmem"
cat > "$dir/words.scn" <<'EOT'
lsmem -o RANGE ; id $(id) 'a b' "c" >x |y &&z `w` $HOME *
chmem -v ;id 'q' >/tmp/y
EOT
PATH="$dir/bin:$PATH" "$hotmem" run "$dir/words.scn" > "$dir/out" 2>&1
cat > "$dir/want" <<'EOT'
== machine -m 1G,slots=4,maxmem=8G -smp 1
== lsmem -o RANGE ; id $(id) 'a b' "c" >x |y &&z `w` $HOME *
[--sysroot]
[SYSROOT]
[-o]
[RANGE]
[;]
[id]
[$(id)]
['a]
[b']
["c"]
[>x]
[|y]
[&&z]
[`w`]
[$HOME]
[*]
== chmem -v ;id 'q' >/tmp/y
[-v]
[;id]
['q']
[>/tmp/y]
block_size_bytes 8000000
rc=3
EOT
sed 's|^\[.*/hotmem-sysroot-[^/]*\]$|[SYSROOT]|' "$dir/out" > "$dir/got"
if cmp -s "$dir/want" "$dir/got"; then
	echo "ok   every word reached the tool as text"
else
	fail "the tools got other arguments:"; diff "$dir/want" "$dir/got"
fi
[ -e /tmp/y ] && [ /tmp/y -nt "$dir/words.scn" ] && fail "chmem's '>/tmp/y' wrote a file"
[ -e "$dir/x" ] && fail "lsmem's '>x' wrote a file"

# 3. A tool that is not there: a message and rc=127, no shell's "not found".
printf 'chmem -v\n' > "$dir/missing.scn"
PATH="$dir/empty" "$hotmem" run "$dir/missing.scn" > "$dir/out" 2>&1
if grep -q '^cannot run chmem: No such file or directory$' "$dir/out" && grep -q '^rc=127$' "$dir/out"; then
	echo "ok   a missing tool answers rc=127"
else
	fail "missing tool:"; cat "$dir/out"
fi
[ $fails -eq 0 ]
