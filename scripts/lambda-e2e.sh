#!/usr/bin/env bash
# The Lambda functions end to end, offline: moto_server (S3, SNS, Cognito) on 127.0.0.1, the real
# binaries against `cargo lambda watch`'s emulated Lambda runtime API, S3 events sent with
# `cargo lambda invoke`, the api function called over HTTP as its function URL. The checks are in
# scripts/lambda_e2e.py and scripts/front_door_e2e.py. Needs: pip install cargo-lambda
# 'moto[server]' (scripts/setup.sh does it).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
moto_port=$(free_port)
watch_port=$(free_port)
page_port=$(free_port)
work=$(mktemp -d)
pids=()
# Each server runs in a session of its own (setsid), so that stopping it stops what it started
# too: nothing is left running.
cleanup() {
    for pid in "${pids[@]}"; do kill -- "-$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

setsid moto_server -H 127.0.0.1 -p "$moto_port" >"$work/moto.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$moto_port/moto-api/data.json" >/dev/null && break
    sleep 0.2
done
curl -sf "http://127.0.0.1:$moto_port/moto-api/data.json" >/dev/null || { cat "$work/moto.log"; echo "lambda-e2e: moto did not start" >&2; exit 1; }

export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=eu-north-1 AWS_DEFAULT_REGION=eu-north-1
topic=$(python3 -c "
import boto3
sns = boto3.client('sns', endpoint_url='http://127.0.0.1:$moto_port')
print(sns.create_topic(Name='svf-notifications')['TopicArn'])")

# The front door's accounts (contract §10): a user pool as the template makes it (admin-created
# users, a second factor required) with the page's app client, and another pool whose tokens the
# api function must refuse. Moto signs every pool's tokens with one key and serves it as each
# pool's JWKS; the issuer it writes in a token is the region's Cognito address.
read -r pool client other_pool other_client < <(python3 -c "
import boto3
cognito = boto3.client('cognito-idp', endpoint_url='http://127.0.0.1:$moto_port')
out = []
for name in ('svf-users', 'another-app-users'):
    pool = cognito.create_user_pool(PoolName=name, MfaConfiguration='ON',
        AdminCreateUserConfig={'AllowAdminCreateUserOnly': True})['UserPool']['Id']
    cognito.set_user_pool_mfa_config(UserPoolId=pool, MfaConfiguration='ON',
        SoftwareTokenMfaConfiguration={'Enabled': True})
    client = cognito.create_user_pool_client(UserPoolId=pool, ClientName='svf-page', GenerateSecret=False,
        ExplicitAuthFlows=['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'])['UserPoolClient']['ClientId']
    out += [pool, client]
print(*out)")

# The Lambda runtime API, emulated by `cargo lambda watch --only-lambda-apis`, and the five
# functions as the processes Lambda would run: the binaries the tests lane built (the same
# sources; built here when there are none), each polling its own runtime API. Nothing is built a
# second time for this lane (docs/CI.md). The functions see moto as S3, SNS and Cognito,
# path-style, with the topic to announce on.
functions=(assess-report update-summary reconcile remind api)
for function in "${functions[@]}"; do
    [ -x "target/debug/$function" ] || { cargo build --quiet --locked -p svf-functions --bins; break; }
done
(cd functions && exec setsid cargo lambda watch --only-lambda-apis -A 127.0.0.1 -P "$watch_port" \
    >"$work/watch.log" 2>&1) &
pids+=($!)
for _ in $(seq 300); do
    (echo >"/dev/tcp/127.0.0.1/$watch_port") 2>/dev/null && break
    sleep 0.2
done
for function in "${functions[@]}"; do
    (AWS_ENDPOINT_URL="http://127.0.0.1:$moto_port" SVF_S3_PATH_STYLE=1 SVF_TOPIC_ARN="$topic" \
        SVF_BUCKET=svf-e2e RUST_LOG=info \
        SVF_COGNITO_ISSUER="https://cognito-idp.eu-north-1.amazonaws.com/$pool" SVF_COGNITO_CLIENT_ID="$client" \
        SVF_COGNITO_JWKS_URL="http://127.0.0.1:$moto_port/$pool/.well-known/jwks.json" \
        SVF_COGNITO_ENDPOINT="http://127.0.0.1:$moto_port/" SVF_PAGE_ORIGIN="http://127.0.0.1:$page_port" \
        AWS_LAMBDA_RUNTIME_API="http://127.0.0.1:$watch_port/.rt/$function" AWS_LAMBDA_FUNCTION_NAME="$function" \
        AWS_LAMBDA_FUNCTION_VERSION=1 AWS_LAMBDA_FUNCTION_MEMORY_SIZE=256 \
        exec setsid "target/debug/$function" >"$work/$function.log" 2>&1) &
    pids+=($!)
done

status=0
export SVF_E2E_MOTO="http://127.0.0.1:$moto_port" SVF_E2E_WATCH_PORT="$watch_port" SVF_TOPIC_ARN="$topic" \
    SVF_E2E_POOL="$pool" SVF_E2E_CLIENT="$client" SVF_E2E_OTHER_POOL="$other_pool" SVF_E2E_OTHER_CLIENT="$other_client"
python3 scripts/lambda_e2e.py || status=$?
if ((status == 0)); then
    python3 scripts/front_door_e2e.py || status=$?
fi
if ((status == 0)); then
    # Skicka in in Chromium: the page as the agency publishes it (`svf checker --api`), served
    # from its own origin, the only one the api function answers browsers from; a coordinator
    # the agency has just invited (a temporary password) signs in for the first time.
    mkdir -p "$work/page"
    api="http://127.0.0.1:$watch_port/lambda-url/api/"
    # The svf the tests lane built (scripts/test.sh runs it first); built here when there is none.
    # (`cargo run` would build it again without the test build's features, and the next test
    # build would build it back.)
    [ -x target/debug/svf ] || cargo build --quiet --locked --bin svf
    target/debug/svf checker --api "$api" --cognito "http://127.0.0.1:$moto_port/" --out "$work/page/index.html"
    (cd "$work/page" && exec setsid python3 -m http.server --bind 127.0.0.1 "$page_port" >"$work/page.log" 2>&1) &
    pids+=($!)
    python3 -c "
import boto3
cognito = boto3.client('cognito-idp', endpoint_url='$SVF_E2E_MOTO')
cognito.admin_create_user(UserPoolId='$pool', Username='anna@norrbotten.example.se',
    TemporaryPassword='Inbjudan-2026-x', MessageAction='SUPPRESS')
cognito.admin_add_user_to_group(UserPoolId='$pool', Username='anna@norrbotten.example.se', GroupName='region-25')"
    SVF_FRONT_DOOR_PAGE="http://127.0.0.1:$page_port/index.html" SVF_FRONT_DOOR_USER=anna@norrbotten.example.se \
        SVF_FRONT_DOOR_TEMPORARY=Inbjudan-2026-x \
        cargo test --locked --test tests front_door -- --ignored --nocapture --test-threads 1 \
        >"$work/front-door-test.log" 2>&1 || status=$?
    grep -E '^front door|test result' "$work/front-door-test.log" || true
    # A filter that matched nothing would pass with no test run.
    if ((status == 0)) && ! grep -q '^test result: ok\. 1 passed' "$work/front-door-test.log"; then
        echo "lambda-e2e: the Chromium test of Skicka in did not run" >&2
        status=1
    fi
    if ((status != 0)); then tail -80 "$work/front-door-test.log" >&2; fi
fi
if ((status != 0)); then
    for log in "$work"/*.log; do
        echo "--- $(basename "$log") (last 30 lines)" >&2
        tail -30 "$log" >&2
    done
fi
exit "$status"
