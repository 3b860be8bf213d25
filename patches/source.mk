# SPDX-License-Identifier: MIT
# The one place the mainline source is pinned: Debian experimental's
# linux-source-7.3.  Read by patches/scripts/ (as shell assignments) and
# by make (as make variables).  The 6.1 backport's source is Debian 12's
# installed linux-source-6.1.
LINUX_MAINLINE_PKG=linux-source-7.3
LINUX_MAINLINE_VERSION=7.3~rc7-1~exp1
LINUX_MAINLINE_SUITE=experimental
