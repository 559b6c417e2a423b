#!/bin/bash
# After the polling loop: it must have reported success, and every node must now run one image.
set -e
if [ "$1" = after ]; then
    echo "$TEST_OUTPUT" | grep -q '^update Successful$'
    images=$(kubectl get nodes -o json | jq -r '.items[].metadata.labels["eks.amazonaws.com/nodegroup-image"]' | sort -u | wc -l)
    [ "$images" -eq 1 ] || { echo "nodes run $images different images after the update" >&2; exit 1; }
fi
