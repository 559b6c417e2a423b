#!/usr/bin/env bash
# After the expected failure, the error text arrives in TEST_OUTPUT (",stdout,stderr").
set -e
if [ "$1" = after ]; then
  grep -q ResourceNotFoundException <<<"$TEST_OUTPUT"
fi
