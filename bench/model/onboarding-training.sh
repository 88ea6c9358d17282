#!/usr/bin/env bash
# A platform onboarded with 13 months of history in one drop (a generated world of 300 companies and 400 days):
# train the fulfilment and payment models on its first day, promote them, rerun the night, and check that both
# published risks rank companies as the world's latent quality does (cli/OnboardingTrainingTest, tag bench).
# Prints the trainings' held-out AUCs and the correlations with the latent quality.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
time mvn -B -ntp -pl jobs verify -DforkCount=1 -Dtradecredit.excludedGroups= -Dgroups=bench \
  -Dtest=OnboardingTrainingTest -Dsurefire.failIfNoSpecifiedTests=false
