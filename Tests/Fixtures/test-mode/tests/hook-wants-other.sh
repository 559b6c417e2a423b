#!/usr/bin/env bash
# Fails after the block: its output is not what this hook wants.
if [ "$1" = after ]; then
  grep -q "something else" <<<"$TEST_OUTPUT"
fi
