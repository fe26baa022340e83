#!/usr/bin/env bash
# The deploy step of deploy.yml, rollback.yml and restore-drill.yml: replace the body with your own deploy.
# It receives everything through the environment, never through ${{ }} in the workflow:
#   DEPLOY_SHA          the commit to deploy (40 hex characters)
#   DEPLOY_ENVIRONMENT  production | staging | restore-drill
#   DEPLOY_REASON       why (push to main, or the rollback's reason); optional
#   DEPLOY_BACKUP_ID    the pre-deploy backup taken just before (deploy.yml only); optional
#   DATABASE_URL        restore-drill only: the scratch database holding the restored backup
# For restore-drill, start the service in the background on http://localhost:8080 against DATABASE_URL
# and return once it answers: the smoke checks run against it next.
# Exit non-zero when the deploy did not happen: the workflow then opens an incident.
set -euo pipefail

: "${DEPLOY_SHA:?DEPLOY_SHA is not set (the commit to deploy)}"
: "${DEPLOY_ENVIRONMENT:?DEPLOY_ENVIRONMENT is not set (production, staging or restore-drill)}"

if [[ ! "$DEPLOY_SHA" =~ ^[0-9a-f]{40}$ ]]; then
  echo "::error::DEPLOY_SHA must be a full commit SHA, got '$DEPLOY_SHA'" >&2
  exit 1
fi
case "$DEPLOY_ENVIRONMENT" in
  production | staging | restore-drill) ;;
  *)
    echo "::error::DEPLOY_ENVIRONMENT must be production, staging or restore-drill, got '$DEPLOY_ENVIRONMENT'" >&2
    exit 1
    ;;
esac

echo "Deploying ${DEPLOY_SHA} to ${DEPLOY_ENVIRONMENT}${DEPLOY_REASON:+ (${DEPLOY_REASON})}"
echo "::error::scripts/deploy.sh is the placeholder: replace it with your deploy (see docs/operations.md)" >&2
exit 1
