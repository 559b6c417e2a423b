#!/usr/bin/env bash
set -e
if [ "$1" = before ]; then
  [ "$RAW_RAN" = yes ]
else
  grep -qx "raw: yes" <<<"$TEST_OUTPUT"
fi
