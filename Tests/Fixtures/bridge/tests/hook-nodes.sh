# A real hook's shape: jq over kubectl's JSON, then poll with sleep until a fourth node joins.
set -e
before() {
  count=$(kubectl get nodes -o json | jq '.items | length')
  test "$count" -eq 3
}
after() {
  echo "$TEST_OUTPUT" | grep -qx InProgress
  for i in $(seq 1 60); do
    n=$(kubectl get nodes --no-headers | wc -l)
    if [ "$n" -ge 4 ]; then break; fi
    sleep 10
  done
  test "$n" -ge 4
  aws eks describe-nodegroup --cluster-name "$EKS_CLUSTER_NAME" --nodegroup-name "$EKS_DEFAULT_MNG_NAME" \
    --query nodegroup.status --output text | grep -qx UPDATING
}
"$@"
