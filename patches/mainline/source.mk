# The one place the mainline source is pinned: Debian experimental's
# linux-source-7.3.  Read by fetch-source.sh and build-linux.sh (as shell
# assignments) and by make (as make variables).
LINUX_MAINLINE_PKG=linux-source-7.3
LINUX_MAINLINE_VERSION=7.3~rc7-1~exp1
LINUX_MAINLINE_SUITE=experimental
