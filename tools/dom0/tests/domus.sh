# xeno.test=domus: lifecycle.sh, badinput.sh and scale.sh in one boot.
. /usr/lib/xeno/tests/lifecycle.sh
. /usr/lib/xeno/tests/badinput.sh
. /usr/lib/xeno/tests/scale.sh
