#!/bin/sh
# Test stand-in for a provider's directory script: records its arguments
# and environment in $OUT, and fails or hangs on request.
{
	printf 'args=%s|%s|%s|%s\n' "$1" "$2" "$3" "$4"
	printf 'action=%s name=%s system=%s vendor=%s appointment=%s admin=%s until=%s\n' \
		"$ACCOUNT_ACTION" "$ACCOUNT_NAME" "$ACCOUNT_SYSTEM" "$ACCOUNT_VENDOR" \
		"$ACCOUNT_APPOINTMENT" "$ACCOUNT_ADMIN" "$ACCOUNT_UNTIL"
	printf 'secret=%s\n' "$MSPBOT_SMTP_PASSWORD"
} >>"$OUT"
case "$2" in
fail)
	i=0
	while [ $i -lt 200 ]; do
		echo "Set-ADUser: cannot reach the domain controller (line $i)" >&2
		i=$((i + 1))
	done
	exit 3
	;;
hang)
	sleep 30
	;;
esac
echo "ok: $1 $2"
